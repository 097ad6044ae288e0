package dev.wasmlet.handler.http;

import static dev.wasmlet.handler.http.Http.TYPES;
import static dev.wasmlet.handler.http.Http.assertHeaderError;
import static dev.wasmlet.handler.http.Http.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldsTest {
    private final Store store = Http.store();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> texts(List<byte[]> values) {
        List<String> out = new ArrayList<>();
        for (byte[] v : values) {
            out.add(new String(v, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void appendGetHasEntriesKeepOrderAndLowerCaseNames() {
        Fields f = TYPES.newFields(store);
        assertOk(TYPES.fieldsAppend(f, "X-Foo", b("1")));
        assertOk(TYPES.fieldsAppend(f, "content-type", b("text/plain")));
        assertOk(TYPES.fieldsAppend(f, "x-foo", b("2")));
        assertEquals(List.of("1", "2"), texts(TYPES.fieldsGet(f, "X-FOO")));
        assertTrue(TYPES.fieldsHas(f, "x-Foo"));
        assertFalse(TYPES.fieldsHas(f, "x-bar"));
        List<List<Object>> entries = TYPES.fieldsEntries(f);
        assertEquals(3, entries.size());
        assertEquals("x-foo", entries.get(0).get(0));
        assertEquals("content-type", entries.get(1).get(0));
        assertArrayEquals(b("2"), (byte[]) entries.get(2).get(1));
    }

    @Test
    void setReplacesAndDeleteRemovesEveryValue() {
        Fields f = TYPES.newFields(store);
        TYPES.fieldsAppend(f, "a", b("1"));
        TYPES.fieldsAppend(f, "a", b("2"));
        assertOk(TYPES.fieldsSet(f, "A", List.of(b("3"), b("4"), b("5"))));
        assertEquals(List.of("3", "4", "5"), texts(TYPES.fieldsGet(f, "a")));
        assertOk(TYPES.fieldsDelete(f, "a"));
        assertEquals(List.of(), TYPES.fieldsGet(f, "a"));
        assertOk(TYPES.fieldsDelete(f, "never-there"));
    }

    @Test
    void everyForbiddenNameIsRefusedInAnyCase() {
        assertEquals(9, Fields.FORBIDDEN.size());
        for (String name : Fields.FORBIDDEN) {
            Fields f = TYPES.newFields(store);
            String mixed = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            assertHeaderError(HeaderError.FORBIDDEN, TYPES.fieldsAppend(f, mixed, b("x")));
            assertHeaderError(HeaderError.FORBIDDEN, TYPES.fieldsSet(f, name, List.of(b("x"))));
            assertHeaderError(HeaderError.FORBIDDEN, TYPES.fieldsDelete(f, name));
            assertHeaderError(HeaderError.FORBIDDEN, TYPES.fieldsFromList(store, List.of(List.of(name, b("x")))));
            assertEquals(0, TYPES.fieldsEntries(f).size());
        }
    }

    @Test
    void invalidNamesAndValuesAreInvalidSyntax() {
        Fields f = TYPES.newFields(store);
        for (String name : List.of("", "a b", "a:b", "caf\u00e9", "a\r\nb", "(x)")) {
            assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsAppend(f, name, b("x")));
            assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsSet(f, name, List.of()));
            assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsDelete(f, name));
            assertEquals(List.of(), TYPES.fieldsGet(f, name));
            assertFalse(TYPES.fieldsHas(f, name));
        }
        for (byte[] value : List.of(b("a\r\nb"), b("a\nb"), new byte[] {'a', 0}, new byte[] {0x7f})) {
            assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsAppend(f, "x", value));
            assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsSet(f, "x", List.of(b("ok"), value)));
            assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsFromList(store, List.of(List.of("x", value))));
        }
        assertHeaderError(HeaderError.INVALID_SYNTAX, TYPES.fieldsFromList(store, List.of(List.of("a b", b("x")))));
        // a tab, obs-text and an empty value are fine
        assertOk(TYPES.fieldsAppend(f, "x", b("a\tb")));
        assertOk(TYPES.fieldsAppend(f, "x", new byte[] {(byte) 0xe9}));
        assertOk(TYPES.fieldsAppend(f, "x", new byte[0]));
        assertEquals(0, TYPES.fieldsEntries(TYPES.newFields(store)).size());
    }

    @Test
    void fromListBuildsMutableFields() {
        ResultValue r = TYPES.fieldsFromList(store,
                List.of(List.of("A", b("1")), List.of("b", b("2")), List.of("a", b("3"))));
        Fields f = Http.ok(r, Fields.class);
        assertTrue(f.isMutable());
        assertEquals(List.of("1", "3"), texts(f.get("a")));
        assertOk(f.append("c", b("4")));
    }

    @Test
    void incomingHeadersAreImmutableAndStrippedOfForbiddenNames() {
        Request request = new Request("GET", "http", "example.com", "/", Headers.of("Host", "example.com",
                "Connection", "close", "Transfer-Encoding", "chunked", "Keep-Alive", "5", "Upgrade", "h2c",
                "X-Kept", "yes", "Proxy-Authorization", "secret"), Body.empty());
        IncomingRequest in = IncomingRequest.of(request, Http.context(store));
        Fields headers = TYPES.incomingRequestHeaders(in);
        assertFalse(headers.isMutable());
        List<List<Object>> entries = TYPES.fieldsEntries(headers);
        assertEquals(1, entries.size(), () -> "entries " + entries.size());
        assertEquals("x-kept", entries.get(0).get(0));
        assertHeaderError(HeaderError.IMMUTABLE, TYPES.fieldsAppend(headers, "x-new", b("1")));
        assertHeaderError(HeaderError.IMMUTABLE, TYPES.fieldsSet(headers, "x-kept", List.of(b("no"))));
        assertHeaderError(HeaderError.IMMUTABLE, TYPES.fieldsDelete(headers, "x-kept"));
        // forbidden is checked before immutability, as Wasmtime does
        assertHeaderError(HeaderError.FORBIDDEN, TYPES.fieldsAppend(headers, "host", b("x")));
        // a clone is the guest's own, mutable
        Fields copy = TYPES.fieldsClone(headers);
        assertTrue(copy.isMutable());
        assertOk(TYPES.fieldsAppend(copy, "x-new", b("1")));
        assertEquals(1, TYPES.fieldsEntries(TYPES.incomingRequestHeaders(in)).size());
    }

    @Test
    void childHeadersOfOutgoingMessagesAreImmutable() {
        Fields f = TYPES.newFields(store);
        TYPES.fieldsAppend(f, "x-a", b("1"));
        OutgoingResponse response = TYPES.newOutgoingResponse(store, f);
        Fields child = TYPES.outgoingResponseHeaders(response);
        assertEquals(List.of("1"), texts(TYPES.fieldsGet(child, "x-a")));
        assertHeaderError(HeaderError.IMMUTABLE, TYPES.fieldsAppend(child, "x-b", b("2")));
        OutgoingRequest request = TYPES.newOutgoingRequest(store, TYPES.newFields(store));
        assertHeaderError(HeaderError.IMMUTABLE, TYPES.fieldsAppend(TYPES.outgoingRequestHeaders(request), "x", b("1")));
    }

    @Test
    void guestBuiltFieldsTrapPastTheSizeLimit() {
        Fields f = TYPES.newFields(store);
        byte[] value = new byte[1000];
        java.util.Arrays.fill(value, (byte) 'v');
        int appended = 0;
        GuestTrapException trap = null;
        while (trap == null) {
            try {
                TYPES.fieldsAppend(f, "x-big", value);
                appended++;
            } catch (GuestTrapException e) {
                trap = e;
            }
        }
        assertTrue(trap.getMessage().contains("field size limit 131072"), trap.getMessage());
        // 1040 bytes a value, 37 for the name: 125 values fit in 128 KiB
        assertEquals(125, appended);
        // what was there stays
        assertEquals(125, TYPES.fieldsGet(f, "x-big").size());
        List<List<Object>> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(List.of("x-" + i, value));
        }
        assertThrows(GuestTrapException.class, () -> TYPES.fieldsFromList(store, many));
        assertThrows(GuestTrapException.class, () -> TYPES.fieldsSet(TYPES.newFields(store), "x",
                java.util.Collections.nCopies(200, value)));
    }

    @Test
    void theSizeLimitIsConfigurable() {
        Store small = Http.store(HttpSettings.builder().fieldSizeLimit(100).build());
        Fields f = TYPES.newFields(small);
        byte[] fifty = new byte[50];
        java.util.Arrays.fill(fifty, (byte) 'v');
        assertThrows(GuestTrapException.class, () -> TYPES.fieldsAppend(f, "x", fifty)); // 1 + 32 + 50 + 40 > 100
        assertOk(TYPES.fieldsAppend(f, "x", java.util.Arrays.copyOf(fifty, 20))); // 1 + 32 + 20 + 40 = 93
        assertEquals(100, Http.context(small).settings().fieldSizeLimit());
    }
}
