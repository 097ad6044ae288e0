package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** variants.wat: variant, enum, flags, option and result, both ways. */
class VariantsTest {
    /** The host's view of the WIT enum color. */
    public enum Color { RED, GREEN, BLUE }

    @WitInterface("wasmlet:abi/variants@0.1.0")
    public static final class Host {
        final List<Object> seen = new ArrayList<>();

        private <T> T see(T v) {
            seen.add(v);
            return v;
        }

        @WitFunction("pass-shape")
        public VariantValue shape(VariantValue v) {
            return see(v);
        }

        @WitFunction("pass-color")
        public Color color(Color v) {
            return see(v);
        }

        @WitFunction("pass-perms")
        public BitSet perms(BitSet v) {
            return see(v);
        }

        @WitFunction("pass-wide")
        public BitSet wide(BitSet v) {
            return see(v);
        }

        @WitFunction("pass-flags")
        public List<BitSet> flags(BitSet a, BitSet b, BitSet c) {
            return see(List.of(a, b, c));
        }

        @WitFunction("pass-opt")
        public Optional<Optional<Byte>> opt(Optional<Optional<Byte>> v) {
            return see(v);
        }

        @WitFunction("pass-res")
        public ResultValue res(ResultValue v) {
            return see(v);
        }

        @WitFunction("pass-unit")
        public ResultValue unit(ResultValue v) {
            return see(v);
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("variants", host);

    private void both(String name, Object v) {
        both(name, v, v);
    }

    private void both(String name, Object v, Object hostSees) {
        assertEquals(v, call(guest, "echo-" + name, v), "echo-" + name + " " + v);
        host.seen.clear();
        assertEquals(v, call(guest, "call-" + name, v), "call-" + name + " " + v);
        assertEquals(List.of(hostSees), host.seen, "what the host got");
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    @Test
    void variantWithPayloadsOfDifferingSizes() {
        both("shape", new VariantValue(0, null));
        both("shape", new VariantValue(1, (byte) 0xFF));
        both("shape", new VariantValue(1, (byte) 0));
        both("shape", new VariantValue(2, Long.MIN_VALUE));
        both("shape", new VariantValue(2, -1L));
        both("shape", new VariantValue(3, ""));
        both("shape", new VariantValue(3, "héllo wörld 😀 日本"));
        both("shape", new VariantValue(4, -0.0f));
        both("shape", new VariantValue(4, Float.NaN));
        both("shape", new VariantValue(4, Float.NEGATIVE_INFINITY));
        both("shape", new VariantValue(5, Double.MAX_VALUE));
        both("shape", new VariantValue(5, -0.0));
        both("shape", new VariantValue(5, Double.NaN));
    }

    @Test
    void narrowPayloadsAreZeroExtendedInTheirJoinedI64Slot() {
        assertEquals(0xFFL, call(guest, "shape-slot", new VariantValue(1, (byte) -1)));
        assertEquals(0xFF800000L, call(guest, "shape-slot", new VariantValue(4, Float.NEGATIVE_INFINITY)));
        assertEquals(0x80000000L, call(guest, "shape-slot", new VariantValue(4, -0.0f)));
        assertEquals(-1L, call(guest, "shape-slot", new VariantValue(2, -1L)));
        assertEquals(Double.doubleToRawLongBits(-2.5), call(guest, "shape-slot", new VariantValue(5, -2.5)));
        assertEquals(0L, call(guest, "shape-slot", new VariantValue(0, null)));
        long ptr = (Long) call(guest, "shape-slot", new VariantValue(3, "s"));
        assertTrue(ptr > 0 && ptr < 1L << 32, "a string's pointer, zero-extended: " + ptr);
    }

    @Test
    void enumAsIndexAndAsJavaEnum() {
        for (int i = 0; i < 3; i++) {
            both("color", i, Color.values()[i]);
        }
    }

    @Test
    void flags() {
        for (BitSet b : List.of(bits(), bits(0), bits(1), bits(2), bits(0, 1, 2))) {
            both("perms", b);
        }
        for (BitSet b : List.of(bits(), bits(0), bits(31), bits(0, 15, 16, 31), bits(30, 31))) {
            both("wide", b);
        }
        BitSet all32 = new BitSet();
        all32.set(0, 32);
        both("wide", all32);
        BitSet all12 = new BitSet();
        all12.set(0, 12);
        for (List<BitSet> abc : List.of(List.of(bits(), bits(), bits()), List.of(bits(0, 1, 2), all12, all32),
                List.of(bits(2), bits(11), bits(31)), List.of(bits(1), bits(0, 8), bits(7, 8, 23)))) {
            Object[] args = abc.toArray();
            assertEquals(abc, guest.function("echo-flags").call(args)[0]);
            host.seen.clear();
            assertEquals(abc, guest.function("call-flags").call(args)[0]);
            assertEquals(List.of(abc), host.seen);
        }
    }

    @Test
    void liftingIgnoresBitsBeyondTheLabels() {
        assertEquals(bits(0, 1, 2), call(guest, "perms-of", 0xFF));
        assertEquals(bits(1), call(guest, "perms-of", 0x80000002));
    }

    @Test
    void aFlagBeyondTheLabelsFromTheHostIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> call(guest, "echo-perms", bits(3)));
    }

    @Test
    void optionOfOption() {
        both("opt", Optional.empty());
        both("opt", Optional.of(Optional.empty()));
        both("opt", Optional.of(Optional.of((byte) 0)));
        both("opt", Optional.of(Optional.of((byte) 0xFF)));
    }

    @Test
    void resultOfStringOrU32() {
        both("res", ResultValue.ok(""));
        both("res", ResultValue.ok("héllo wörld 😀 日本"));
        both("res", ResultValue.error(0));
        both("res", ResultValue.error(-1));
    }

    @Test
    void resultWithoutPayloads() {
        both("unit", ResultValue.ok(null));
        both("unit", ResultValue.error(null));
    }

    @Test
    void anOutOfRangeDiscriminantTraps() {
        String[][] cases = {{"color-of", "3"}, {"unit-of", "2"}, {"option-of", "2"}, {"shape-of", "6"},
                {"shape-of", "255"}, {"color-of", "-1"}};
        for (String[] c : cases) {
            ComponentInstance fresh = Abi.instantiate("variants", new Host());
            GuestTrapException e = assertThrows(GuestTrapException.class,
                    () -> call(fresh, c[0], Integer.parseInt(c[1])));
            assertTrue(e.getMessage().contains("discriminant") && e.getMessage().contains(c[0]), e.getMessage());
        }
        assertEquals(2, call(guest, "color-of", 2));
        assertEquals(new VariantValue(0, null), call(guest, "shape-of", 0x100)); // only the low byte is read
        assertEquals(Optional.of((byte) 7), call(guest, "option-of", 0x0701));
    }
}
