package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** records.wat: records with fields of mixed alignment, a nested record, a tuple. */
class RecordsTest {
    @WitInterface("wasmlet:abi/records@0.1.0")
    public static final class Host {
        final List<Object> seen = new ArrayList<>();

        @WitFunction("pass-mixed")
        public List<Object> mixed(List<Object> r) {
            seen.add(r);
            return r;
        }

        @WitFunction("pass-outer")
        public List<Object> outer(List<Object> r) {
            seen.add(r);
            return r;
        }

        @WitFunction("pass-tuple")
        public List<Object> tuple(List<Object> t) {
            seen.add(t);
            return t;
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("records", host);

    private static List<Object> mixed(int a, long b, int c, float d, int e, int f) {
        return List.of((byte) a, b, (short) c, d, e, (byte) f);
    }

    private static final List<List<Object>> MIXED = List.of(
            mixed(0, 0, 0, 0f, 0, 0),
            mixed(0xFF, Long.MIN_VALUE, 0xFFFF, -0.0f, 0x10FFFF, -128),
            mixed(0x7F, -1L, 0x8000, Float.NEGATIVE_INFINITY, 0x1F600, 127),
            mixed(1, 0x0102030405060708L, 0x0A0B, Float.NaN, 'z', -1));

    private void both(String name, Object v) {
        assertEquals(v, call(guest, "echo-" + name, v), "echo-" + name);
        host.seen.clear();
        assertEquals(v, call(guest, "call-" + name, v), "call-" + name);
        assertEquals(List.of(v), host.seen, "what the host got");
    }

    @Test
    void mixedAlignment() {
        for (List<Object> r : MIXED) {
            both("mixed", r);
        }
    }

    @Test
    void theHostWritesTheRecordAtItsFieldOffsets() {
        call(guest, "call-mixed", MIXED.get(3));
        ByteBuffer area = ByteBuffer.wrap((byte[]) call(guest, "last-area")).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, area.get(0));
        assertEquals(0x0102030405060708L, area.getLong(8));
        assertEquals(0x0A0B, area.getShort(16));
        assertEquals(0x7fc00000, area.getInt(20));
        assertEquals('z', area.getInt(24));
        assertEquals(-1, area.get(28));

        call(guest, "call-outer", List.of((byte) 9, MIXED.get(3), (short) 0x1234));
        area = ByteBuffer.wrap((byte[]) call(guest, "last-area")).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(9, area.get(0));
        assertEquals(1, area.get(8));
        assertEquals(0x0102030405060708L, area.getLong(16));
        assertEquals('z', area.getInt(32));
        assertEquals(0x1234, area.getShort(40));
    }

    @Test
    void nestedRecord() {
        for (List<Object> r : MIXED) {
            both("outer", List.of((byte) 0xAB, r, (short) 0xFFFF));
        }
    }

    @Test
    void tuple() {
        both("tuple", List.of((short) -1, Double.NEGATIVE_INFINITY, ""));
        both("tuple", List.of(Short.MIN_VALUE, -0.0, "héllo wörld 😀 日本"));
        both("tuple", List.of((short) 7, Double.NaN, "x".repeat(10_000)));
    }
}
