package dev.wasmlet.runtime.internal.canon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.ValueType;
import org.junit.jupiter.api.Test;

class ScalarsTest {
    private final Guest g = new Guest(StringEncoding.UTF8);
    private final CallContext cx = g.cx("f");

    private Object liftFlat(ValueType t, long... core) {
        return Codec.of(t).liftFlat(cx, core, 0);
    }

    private long lowerFlat(ValueType t, Object v) {
        long[] out = new long[1];
        Codec.of(t).lowerFlat(cx, v, out, 0);
        return out[0];
    }

    private Object viaMemory(ValueType t, Object v) {
        Codec c = Codec.of(t);
        int ptr = g.alloc(c.align, c.size);
        c.store(cx, v, ptr);
        return c.load(cx, ptr);
    }

    private void roundTrips(ValueType t, Object... values) {
        for (Object v : values) {
            assertEquals(v, liftFlat(t, lowerFlat(t, v)), t + " flat");
            assertEquals(v, viaMemory(t, v), t + " in memory");
        }
    }

    @Test
    void integersKeepTheirBitsAtEveryEdge() {
        roundTrips(PrimitiveType.U8, (byte) 0, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE);
        roundTrips(PrimitiveType.S8, (byte) 0, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE);
        roundTrips(PrimitiveType.U16, (short) 0, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE);
        roundTrips(PrimitiveType.S16, (short) 0, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE);
        roundTrips(PrimitiveType.U32, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        roundTrips(PrimitiveType.S32, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        roundTrips(PrimitiveType.U64, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
        roundTrips(PrimitiveType.S64, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
        roundTrips(PrimitiveType.BOOL, true, false);
    }

    @Test
    void unsignedLowerZeroExtendedSignedSignExtended() {
        assertEquals(255, lowerFlat(PrimitiveType.U8, (byte) -1));
        assertEquals(-1, lowerFlat(PrimitiveType.S8, (byte) -1));
        assertEquals(65535, lowerFlat(PrimitiveType.U16, (short) -1));
        assertEquals(-32768, lowerFlat(PrimitiveType.S16, Short.MIN_VALUE));
        assertEquals(-1, lowerFlat(PrimitiveType.U32, -1), "an i32 travels sign-extended");
    }

    @Test
    void integerLiftsWrapToTheTypeWidth() {
        assertEquals((byte) 0xFF, liftFlat(PrimitiveType.U8, 0x1FF));
        assertEquals((byte) 0x80, liftFlat(PrimitiveType.S8, 0x180));
        assertEquals((short) 0x8000, liftFlat(PrimitiveType.S16, 0x18000));
        assertEquals(-1, liftFlat(PrimitiveType.U32, 0xFFFFFFFFL));
        assertEquals(true, liftFlat(PrimitiveType.BOOL, 2));
        assertEquals(false, liftFlat(PrimitiveType.BOOL, 0x1_0000_0000L), "bool reads the low 32 bits only");
        int p = g.alloc(1, 1);
        g.memory.writeByte(p, (byte) 7);
        assertEquals(true, Codec.of(PrimitiveType.BOOL).load(cx, p));
    }

    @Test
    void nansAreCanonicalised() {
        Object f = liftFlat(PrimitiveType.F32, 0x7fa00001);
        assertEquals(0x7fc00000, Float.floatToRawIntBits((Float) f));
        assertEquals(0x7fc00000L, lowerFlat(PrimitiveType.F32, Float.intBitsToFloat(0xffc00001)));
        Object d = liftFlat(PrimitiveType.F64, 0xfff0000000000001L);
        assertEquals(0x7ff8000000000000L, Double.doubleToRawLongBits((Double) d));
        assertEquals(0x7ff8000000000000L, lowerFlat(PrimitiveType.F64, Double.longBitsToDouble(0x7ff4000000000000L)));
        int p = g.alloc(4, 4);
        g.memory.writeInt(p, 0xff800001);
        assertEquals(0x7fc00000, Float.floatToRawIntBits((Float) Codec.of(PrimitiveType.F32).load(cx, p)));
        roundTrips(PrimitiveType.F32, 0.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1.5f);
        roundTrips(PrimitiveType.F64, 0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, -2.25);
    }

    @Test
    void charsAreUnicodeScalarValues() {
        roundTrips(PrimitiveType.CHAR, 0, 0x41, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF);
        for (long bad : new long[] {0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0xFFFFFFFFL}) {
            GuestTrapException e = assertThrows(GuestTrapException.class, () -> liftFlat(PrimitiveType.CHAR, bad));
            assertEquals("f: invalid char 0x" + Long.toHexString(bad) + ": not a Unicode scalar value", e.getMessage());
        }
        int p = g.alloc(4, 4);
        g.memory.writeInt(p, 0xDFFF);
        assertThrows(GuestTrapException.class, () -> Codec.of(PrimitiveType.CHAR).load(cx, p));
        assertThrows(IllegalArgumentException.class, () -> lowerFlat(PrimitiveType.CHAR, 0xD800));
    }

    @Test
    void scalarsLayOutLittleEndian() {
        Codec c = Codec.of(PrimitiveType.U32);
        int p = g.alloc(4, 4);
        c.store(cx, 0x01020304, p);
        assertArrayEquals(new byte[] {4, 3, 2, 1}, g.memory.read(p, 4));
    }
}
