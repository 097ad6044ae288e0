package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** strings.wat: strings in utf8, utf16 and latin1+utf16, both ways. */
class StringsTest {
    private static final String NON_ASCII = "héllo wörld 😀 日本";
    private static final String LATIN1 = "héllo wörld ÿ\u0080";
    private static final List<String> SAMPLES = List.of("", "a", "hello, world", LATIN1, NON_ASCII, "😀",
            "\u0000nul\u0000", "é".repeat(3000) + "日", "x".repeat(70_000) + "😀");
    private static final String[] ENCODINGS = {"utf8", "utf16", "latin1"};

    @WitInterface("wasmlet:abi/strings@0.1.0")
    public static final class Host {
        final List<String> seen = new ArrayList<>();

        @WitFunction("echo")
        public String echo(String s) {
            seen.add(s);
            return s;
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("strings", host);

    @Test
    void echoInEveryEncoding() {
        for (String encoding : ENCODINGS) {
            for (String s : SAMPLES) {
                assertEquals(s, call(guest, "echo-" + encoding, s), encoding);
            }
        }
    }

    @Test
    void throughTheHostInEveryEncoding() {
        for (String encoding : ENCODINGS) {
            host.seen.clear();
            for (String s : SAMPLES) {
                assertEquals(s, call(guest, "call-" + encoding, s), encoding);
            }
            assertEquals(SAMPLES, host.seen, encoding);
        }
    }

    @Test
    void theGuestGetsCodeUnitsOfItsEncoding() {
        assertEquals(0, call(guest, "units-utf8", ""));
        assertEquals(5, call(guest, "units-utf8", "hello"));
        assertEquals(6, call(guest, "units-utf8", "héllo"));
        assertEquals(NON_ASCII.getBytes(StandardCharsets.UTF_8).length, call(guest, "units-utf8", NON_ASCII));
        assertEquals(5, call(guest, "units-utf16", "héllo"));
        assertEquals(NON_ASCII.length(), call(guest, "units-utf16", NON_ASCII));
        assertEquals(2, call(guest, "units-utf16", "😀"));
        // latin1+utf16: Latin-1 when every char fits, else UTF-16 code units with the top bit set.
        assertEquals(5, call(guest, "units-latin1", "héllo"));
        assertEquals(LATIN1.length(), call(guest, "units-latin1", LATIN1));
        assertEquals(NON_ASCII.length() | 0x80000000, call(guest, "units-latin1", NON_ASCII));
        assertEquals(0, call(guest, "units-latin1", ""));
    }

    @Test
    void theGuestGetsTheBytesOfItsEncoding() {
        for (String s : SAMPLES) {
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), (byte[]) call(guest, "raw-utf8", s));
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_16LE), (byte[]) call(guest, "raw-utf16", s));
        }
        assertArrayEquals(LATIN1.getBytes(StandardCharsets.ISO_8859_1), (byte[]) call(guest, "raw-latin1", LATIN1));
        assertArrayEquals("héllo".getBytes(StandardCharsets.ISO_8859_1), (byte[]) call(guest, "raw-latin1", "héllo"));
        // Inflated to UTF-16 at the first char above U+00FF, including the Latin-1 prefix before it.
        assertArrayEquals(NON_ASCII.getBytes(StandardCharsets.UTF_16LE), (byte[]) call(guest, "raw-latin1", NON_ASCII));
        assertArrayEquals(new byte[0], (byte[]) call(guest, "raw-latin1", ""));
    }

    @Test
    void guestBytesLiftedAsStrings() {
        assertEquals(NON_ASCII, call(guest, "from-utf8", NON_ASCII.getBytes(StandardCharsets.UTF_8)));
        assertEquals(NON_ASCII, call(guest, "from-utf16", NON_ASCII.getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(NON_ASCII, call(guest, "from-tagged", NON_ASCII.getBytes(StandardCharsets.UTF_16LE)));
        // Every byte is a Latin-1 char.
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertEquals(new String(all, StandardCharsets.ISO_8859_1), call(guest, "from-latin1", all));
        assertEquals("\uFFFD", call(guest, "from-utf8", new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}));
    }

    @Test
    void invalidUtf8FromTheGuestTraps() {
        for (byte[] bad : new byte[][] {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}) {
            ComponentInstance fresh = Abi.instantiate("strings", new Host());
            GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(fresh, "from-utf8", bad));
            assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
            assertTrue(e.getMessage().contains("from-utf8"), e.getMessage());
        }
    }

    @Test
    void anUnpairedSurrogateFromTheGuestTraps() {
        for (byte[] bad : new byte[][] {{0x00, (byte) 0xD8}, {0x00, (byte) 0xDC, 0x41, 0x00},
                {0x41, 0x00, 0x3D, (byte) 0xD8}}) {
            for (String f : new String[] {"from-utf16", "from-tagged"}) {
                ComponentInstance fresh = Abi.instantiate("strings", new Host());
                GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(fresh, f, bad));
                assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
            }
        }
    }

    @Test
    void anUnpairedSurrogateFromTheHostIsRefused() {
        // A host bug, not a guest trap. (The instance is poisoned afterwards all the same, so each
        // encoding gets a fresh one.)
        for (String encoding : ENCODINGS) {
            ComponentInstance fresh = Abi.instantiate("strings", new Host());
            var e = assertThrows(IllegalArgumentException.class, () -> call(fresh, "echo-" + encoding, "a\uD800b"));
            assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        }
    }

    @Test
    void postReturnRunsAfterEachCall() {
        ComponentInstance fresh = Abi.instantiate("strings", new Host());
        assertEquals(0, call(fresh, "resets"));
        call(fresh, "echo-utf8", "a");
        call(fresh, "call-utf16", "b");
        call(fresh, "raw-latin1", "c");
        call(fresh, "units-utf8", "no post-return");
        assertEquals(3, call(fresh, "resets"));
        // Without the resets, 300 copies of 64 KiB would need 19 MiB; the bump allocator frees on reset.
        String big = "é".repeat(32 * 1024);
        long before = 0;
        for (int i = 0; i < 300; i++) {
            assertEquals(big, call(fresh, "call-utf8", big));
            if (i == 0) {
                before = fresh.memoryBytes();
            }
        }
        assertEquals(before, fresh.memoryBytes());
        assertEquals(303, call(fresh, "resets"));
    }
}
