package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.runtime.types.ResultValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The WIT resource {@code wasi:http/types.fields} (also {@code headers} and {@code trailers}):
 * HTTP field lines. Fields the guest builds are mutable and limited in size; fields of an
 * incoming request or response, and every {@code headers()} child of a request or response, are
 * immutable ({@code header-error.immutable}). Names are case-insensitive and kept in lower case.
 * Confined to the guest thread.
 */
public final class Fields {
    /**
     * Field names guests may not set, and that are stripped from what guests receive: hop-by-hop
     * and connection-level fields, as Wasmtime's {@code DEFAULT_FORBIDDEN_HEADERS}.
     */
    public static final Set<String> FORBIDDEN = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "transfer-encoding", "upgrade", "host", "http2-settings");

    private static final ResultValue OK = ResultValue.ok(null);

    private final FieldMap map;
    private final boolean mutable;

    Fields(FieldMap map, boolean mutable) {
        this.map = map;
        this.mutable = mutable;
    }

    /** New empty, mutable fields whose size may grow to {@code sizeLimit}. */
    public static Fields create(int sizeLimit) {
        return new Fields(new FieldMap(sizeLimit), true);
    }

    /**
     * {@code from-list}: mutable fields of {@code entries} (pairs of a name and a {@code byte[]}),
     * or {@code err(invalid-syntax)} / {@code err(forbidden)}; traps past the size limit.
     */
    public static ResultValue fromList(List<List<Object>> entries, int sizeLimit) {
        FieldMap map = new FieldMap(sizeLimit);
        for (List<Object> entry : entries) {
            String name = lowerName((String) entry.get(0));
            if (name == null) {
                return HeaderError.INVALID_SYNTAX.error();
            }
            if (FORBIDDEN.contains(name)) {
                return HeaderError.FORBIDDEN.error();
            }
            byte[] value = (byte[]) entry.get(1);
            if (!isValidValue(value)) {
                return HeaderError.INVALID_SYNTAX.error();
            }
            map.append(name, value);
        }
        return ResultValue.ok(new Fields(map, true));
    }

    /** Immutable fields of an incoming message's headers, without the forbidden ones and invalid lines. */
    static FieldMap incoming(Headers headers, int sizeLimit) {
        FieldMap map = new FieldMap(sizeLimit);
        for (Headers.Field f : headers.fields()) {
            String name = lowerName(f.name());
            byte[] value = f.valueBytes();
            if (name != null && !FORBIDDEN.contains(name) && isValidValue(value)) {
                map.appendUnchecked(name, value);
            }
        }
        return map;
    }

    /** Whether these fields may be changed. */
    public boolean isMutable() {
        return mutable;
    }

    FieldMap map() {
        return map;
    }

    /** {@code get}: every value of {@code name}, in order; none when the name is not valid. */
    public List<byte[]> get(String name) {
        String lower = lowerName(name);
        return lower == null ? List.of() : map.get(lower);
    }

    /** {@code has}. */
    public boolean has(String name) {
        String lower = lowerName(name);
        return lower != null && map.has(lower);
    }

    /** {@code set}: replaces every value of {@code name} with {@code values}. */
    public ResultValue set(String name, List<byte[]> values) {
        String lower = lowerName(name);
        if (lower == null) {
            return HeaderError.INVALID_SYNTAX.error();
        }
        if (FORBIDDEN.contains(lower)) {
            return HeaderError.FORBIDDEN.error();
        }
        for (byte[] v : values) {
            if (!isValidValue(v)) {
                return HeaderError.INVALID_SYNTAX.error();
            }
        }
        if (!mutable) {
            return HeaderError.IMMUTABLE.error();
        }
        map.removeAll(lower);
        for (byte[] v : values) {
            map.append(lower, v);
        }
        return OK;
    }

    /** {@code delete}: removes every value of {@code name}. */
    public ResultValue delete(String name) {
        String lower = lowerName(name);
        if (lower == null) {
            return HeaderError.INVALID_SYNTAX.error();
        }
        if (FORBIDDEN.contains(lower)) {
            return HeaderError.FORBIDDEN.error();
        }
        if (!mutable) {
            return HeaderError.IMMUTABLE.error();
        }
        map.removeAll(lower);
        return OK;
    }

    /** {@code append}: adds a value of {@code name} after those it has. */
    public ResultValue append(String name, byte[] value) {
        String lower = lowerName(name);
        if (lower == null) {
            return HeaderError.INVALID_SYNTAX.error();
        }
        if (FORBIDDEN.contains(lower)) {
            return HeaderError.FORBIDDEN.error();
        }
        if (!isValidValue(value)) {
            return HeaderError.INVALID_SYNTAX.error();
        }
        if (!mutable) {
            return HeaderError.IMMUTABLE.error();
        }
        map.append(lower, value);
        return OK;
    }

    /** {@code entries}: every field line as a {@code tuple<string, list<u8>>}, in order. */
    public List<List<Object>> entries() {
        List<List<Object>> out = new ArrayList<>(map.count());
        for (int i = 0; i < map.count(); i++) {
            out.add(List.of(map.name(i), map.value(i).clone()));
        }
        return out;
    }

    /** {@code clone}: a mutable copy, even of immutable fields. */
    public Fields copy() {
        return new Fields(map.copy(), true);
    }

    /** An immutable view of the same field lines: what a {@code headers()} child is. */
    Fields immutableView() {
        return new Fields(map, false);
    }

    /** The field lines as handler {@link Headers}; values are read as ISO-8859-1. */
    public Headers toHeaders() {
        return toHeaders(map);
    }

    static Headers toHeaders(FieldMap map) {
        List<Headers.Field> out = new ArrayList<>(map.count());
        for (int i = 0; i < map.count(); i++) {
            out.add(new Headers.Field(map.name(i), new String(map.value(i), StandardCharsets.ISO_8859_1)));
        }
        return new Headers(out);
    }

    /** {@code name} in lower case when it is a valid field name (an HTTP token), else null. */
    static String lowerName(String name) {
        if (!HttpVariants.isToken(name)) {
            return null;
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code value} is a valid field value: no control bytes other than tab, no DEL. */
    static boolean isValidValue(byte[] value) {
        for (byte b : value) {
            int c = b & 0xff;
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Fields[" + map.count() + " lines" + (mutable ? "" : ", immutable") + "]";
    }
}
