package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scalars.wat: bool, integers, floats and char both ways, with their edge values. */
class ScalarsTest {
    /** Echoes every value back and records what it received (primitive and boxed Java types). */
    @WitInterface("wasmlet:abi/scalars@0.1.0")
    public static class Host {
        final List<Object> seen = new ArrayList<>();

        private <T> T see(T v) {
            seen.add(v);
            return v;
        }

        @WitFunction("bool")
        public boolean bool(boolean v) {
            return see(v);
        }

        @WitFunction("s8")
        public byte s8(byte v) {
            return see(v);
        }

        @WitFunction("u8")
        public Byte u8(Byte v) {
            return see(v);
        }

        @WitFunction("s16")
        public short s16(short v) {
            return see(v);
        }

        @WitFunction("u16")
        public Short u16(Short v) {
            return see(v);
        }

        @WitFunction("s32")
        public int s32(int v) {
            return see(v);
        }

        @WitFunction("u32")
        public Integer u32(Integer v) {
            return see(v);
        }

        @WitFunction("s64")
        public long s64(long v) {
            return see(v);
        }

        @WitFunction("u64")
        public Long u64(Long v) {
            return see(v);
        }

        @WitFunction("f32")
        public float f32(float v) {
            return see(v);
        }

        @WitFunction("f64")
        public double f64(double v) {
            return see(v);
        }

        @WitFunction("char")
        public int character(int v) {
            return see(v);
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("scalars", host);

    /** Each value through {@code echo-t} and through {@code call-t}, which the host sees unchanged. */
    private void both(String type, Object... values) {
        for (Object v : values) {
            assertEquals(v, call(guest, "echo-" + type, v), "echo-" + type + "(" + v + ")");
            host.seen.clear();
            assertEquals(v, call(guest, "call-" + type, v), "call-" + type + "(" + v + ")");
            assertEquals(List.of(v), host.seen, "what the host got from call-" + type);
        }
    }

    @Test
    void bool() {
        both("bool", true, false);
    }

    @Test
    void integersAtTheirEdges() {
        both("s8", Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0, (byte) -1);
        both("u8", (byte) 0, (byte) 0xFF, (byte) 0x7F, (byte) 0x80, (byte) 1);
        both("s16", Short.MIN_VALUE, Short.MAX_VALUE, (short) 0, (short) -1);
        both("u16", (short) 0, (short) 0xFFFF, (short) 0x7FFF, (short) 0x8000);
        both("s32", Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1);
        both("u32", 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        both("s64", Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L);
        both("u64", 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    @Test
    void smallIntegersAreZeroOrSignExtendedInTheirCoreI32() {
        assertEquals(255, call(guest, "widen-u8", (byte) -1));
        assertEquals(128, call(guest, "widen-u8", (byte) 0x80));
        assertEquals(-1, call(guest, "widen-s8", (byte) -1));
        assertEquals(-128, call(guest, "widen-s8", Byte.MIN_VALUE));
        assertEquals(65535, call(guest, "widen-u16", (short) -1));
        assertEquals(-32768, call(guest, "widen-s16", Short.MIN_VALUE));
        assertEquals(1, call(guest, "widen-bool", true));
        assertEquals(0, call(guest, "widen-bool", false));
        assertEquals(0x10FFFF, call(guest, "widen-char", 0x10FFFF));
    }

    @Test
    void liftingDropsTheHighBitsOfSmallIntegersAndReadsAnyNonZeroAsTrue() {
        assertEquals((byte) 0xFF, call(guest, "u8-of", 0x1FF));
        assertEquals((byte) 0x34, call(guest, "u8-of", 0x1234));
        assertEquals((byte) 127, call(guest, "s8-of", 0x17F));
        assertEquals((byte) -128, call(guest, "s8-of", 0x80));
        assertEquals((short) 0x5678, call(guest, "u16-of", 0x12345678));
        assertEquals((short) -1, call(guest, "s16-of", 0xFFFF));
        assertEquals(true, call(guest, "bool-of", 2));
        assertEquals(true, call(guest, "bool-of", 0x80000000));
        assertEquals(false, call(guest, "bool-of", 0));
    }

    @Test
    void floatsAtTheirEdges() {
        both("f32", 0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                Float.MAX_VALUE, -1.5f, Float.NaN);
        both("f64", 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, Math.PI, Double.NaN);
        // assertEquals on boxed floats compares bits: -0.0 is not 0.0; check the sign explicitly too.
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits((Float) call(guest, "echo-f32", -0.0f)));
        assertEquals(Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits((Double) call(guest, "call-f64", -0.0)));
    }

    @Test
    void liftedNaNsAreCanonical() {
        for (int bits : new int[] {0x7fc00001, 0xffc00000, 0x7f800001, 0xffffffff}) {
            Float f = (Float) call(guest, "f32-of-bits", bits);
            assertTrue(f.isNaN());
            assertEquals(0x7fc00000, Float.floatToRawIntBits(f), Integer.toHexString(bits));
        }
        for (long bits : new long[] {0x7ff8000000000001L, 0xfff8000000000000L, 0x7ff0000000000001L, -1L}) {
            Double d = (Double) call(guest, "f64-of-bits", bits);
            assertTrue(d.isNaN());
            assertEquals(0x7ff8000000000000L, Double.doubleToRawLongBits(d), Long.toHexString(bits));
        }
        // Non-NaN bits pass untouched.
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits((Float) call(guest, "f32-of-bits",
                0x80000000)));
        assertEquals(Float.MIN_VALUE, call(guest, "f32-of-bits", 1));
    }

    @Test
    void loweredNaNsAreCanonicalToo() {
        Float payloadNaN = Float.intBitsToFloat(0x7fa00001);
        assertEquals(0x7fc00000, call(guest, "f32-bits", payloadNaN));
        Double negativeNaN = Double.longBitsToDouble(0xfff0000000000001L);
        assertEquals(0x7ff8000000000000L, call(guest, "f64-bits", negativeNaN));
        assertEquals(0x80000000, call(guest, "f32-bits", -0.0f));
        assertEquals(0x7ff0000000000000L, call(guest, "f64-bits", Double.POSITIVE_INFINITY));
    }

    @Test
    void charsAtTheirEdges() {
        both("char", 0, (int) 'a', 0x7F, 0xE9, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF);
    }

    @Test
    void aSurrogateOrOutOfRangeCharFromTheGuestTraps() {
        for (int c : new int[] {0xD800, 0xDFFF, 0x110000, -1}) {
            ComponentInstance fresh = Abi.instantiate("scalars", new Host());
            GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(fresh, "char-of", c));
            assertTrue(e.getMessage().contains("not a Unicode scalar value"), e.getMessage());
            assertTrue(e.getMessage().contains("char-of"), "names the export: " + e.getMessage());
        }
        assertEquals(0xD7FF, call(guest, "char-of", 0xD7FF));
    }

    @Test
    void aSurrogateCharFromTheHostIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> call(guest, "echo-char", 0xD800));
        assertTrue(e.getMessage().contains("not a Unicode scalar value"), e.getMessage());
    }

    /** Returns a surrogate for every char. */
    @WitInterface("wasmlet:abi/scalars@0.1.0")
    public static final class SurrogateHost extends Host {
        @Override
        @WitFunction("char")
        public int character(int v) {
            return 0xDC00;
        }
    }

    @Test
    void aSurrogateCharReturnedByTheHostIsRefused() {
        ComponentInstance bad = Abi.instantiate("scalars", new SurrogateHost());
        var e = assertThrows(RuntimeException.class, () -> call(bad, "call-char", (int) 'a'));
        assertTrue(e.getMessage().contains("not a Unicode scalar value"), e.getMessage());
    }
}
