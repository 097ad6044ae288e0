package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** params.wat: 16 flat parameters, 17 that spill to memory, and results through a return pointer. */
class ParamsTest {
    @WitInterface("wasmlet:abi/params@0.1.0")
    public static final class Host {
        final List<Object> seen = new ArrayList<>();

        @WitFunction("many")
        public List<Object> many(byte a, short b, int c, long d, float e, double f, int g, boolean h, String i,
                                 byte[] j, Optional<Integer> k, long l, byte m, short n) {
            List<Object> all = Arrays.asList(a, b, c, d, e, f, g, h, i, j, k, l, m, n);
            seen.add(all);
            return all;
        }

        @WitFunction("split")
        public List<Integer> split(long v) {
            seen.add(v);
            return List.of((int) (v >>> 32), (int) v); // swapped, to tell the host's result from the guest's
        }

        @WitFunction("sum17")
        public int sum17(int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9, int a10, int a11,
                         int a12, int a13, int a14, int a15, int a16, int a17) {
            int[] all = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17};
            seen.add(List.of(Arrays.stream(all).boxed().toArray()));
            return Arrays.stream(all).sum();
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("params", host);

    @Test
    void sixteenFlatParameters() {
        Object[] args = new Object[16];
        for (int i = 0; i < 16; i++) {
            args[i] = 1 << i;
        }
        assertEquals(0xFFFF, guest.function("sum16").call(args)[0]);
    }

    @Test
    void seventeenSpillToMemory() {
        Object[] args = new Object[17];
        for (int i = 0; i < 17; i++) {
            args[i] = 1 << i;
        }
        assertEquals(0x1FFFF, guest.function("sum17").call(args)[0]);
        args[16] = 0xFFFF0000; // u32 arithmetic wraps: 0xffff + 0xffff0000 = 0xffffffff
        assertEquals(0xFFFFFFFF, guest.function("sum17").call(args)[0]);
    }

    @Test
    void theGuestSpillsSeventeenToTheHost() {
        assertEquals(17 * 100 + 136, call(guest, "call-sum17", 100));
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            expected.add(100 + i);
        }
        assertEquals(List.of(expected), host.seen);
    }

    private static void assertMany(Object[] expected, Object actual) {
        List<?> got = (List<?>) actual;
        assertEquals(expected.length, got.size());
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) got.get(i), "field " + i);
            } else {
                assertEquals(expected[i], got.get(i), "field " + i);
            }
        }
    }

    @Test
    void mixedParametersSpilledAndResultsThroughAReturnPointer() {
        Object[][] samples = {
            {(byte) 0xFF, Short.MIN_VALUE, -1, Long.MIN_VALUE, -0.0f, Double.NaN, 0x10FFFF, true, "héllo wörld 😀 日本",
                new byte[] {1, 2, 3}, Optional.of(-1), -1L, Byte.MIN_VALUE, (short) 0xFFFF},
            {(byte) 0, (short) 0, 0, 0L, 0f, 0.0, 0, false, "", new byte[0], Optional.empty(), 0L, (byte) 0, (short) 0},
            {(byte) 1, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Float.POSITIVE_INFINITY, Math.E, 0xFFFD,
                true, "x".repeat(5000), new byte[70_000], Optional.of(7), Long.MIN_VALUE, Byte.MAX_VALUE, (short) 1},
        };
        for (Object[] args : samples) {
            assertMany(args, guest.function("echo-many").call(args)[0]);
            host.seen.clear();
            assertMany(args, guest.function("call-many").call(args)[0]);
            assertMany(args, host.seen.get(0));
        }
    }

    @Test
    void twoFlatResultsThroughAReturnPointer() {
        assertEquals(List.of(0x89ABCDEF, 0x01234567), call(guest, "split", 0x0123456789ABCDEFL));
        assertEquals(List.of(-1, 0), call(guest, "split", 0xFFFFFFFFL));
        assertEquals(List.of(0x01234567, 0x89ABCDEF), call(guest, "call-split", 0x0123456789ABCDEFL));
        assertEquals(List.of(0x0123456789ABCDEFL), host.seen);
    }

    @Test
    void postReturnRunsAfterSpilledCalls() {
        ComponentInstance fresh = Abi.instantiate("params", new Host());
        Object[] args = new Object[17];
        Arrays.fill(args, 1);
        for (int i = 0; i < 5; i++) {
            fresh.function("sum17").call(args);
        }
        call(fresh, "call-sum17", 1);
        call(fresh, "split", 1L); // no post-return
        assertEquals(6, call(fresh, "resets"));
    }
}
