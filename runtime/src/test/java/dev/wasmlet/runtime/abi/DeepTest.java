package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** deep.wat: list<option<result<record, variant>>> with lists and options further down. */
class DeepTest {
    /** Returns the list reversed, so that what comes back is the host's value, not the argument. */
    @WitInterface("wasmlet:abi/deep@0.1.0")
    public static final class Host {
        final List<Object> seen = new ArrayList<>();

        @WitFunction("pass")
        public List<Object> pass(List<Object> v) {
            seen.add(v);
            List<Object> reversed = new ArrayList<>(v);
            Collections.reverse(reversed);
            return reversed;
        }
    }

    private static Object entry(int id, List<String> tags, Optional<Double> score) {
        return Optional.of(ResultValue.ok(List.of(id, tags, score)));
    }

    private static Object problem(int c, Object payload) {
        return Optional.of(ResultValue.error(new VariantValue(c, payload)));
    }

    private static final List<Object> VALUE = List.of(
            Optional.empty(),
            entry(7, List.of(), Optional.empty()),
            entry(-1, List.of("a", "héllo wörld 😀 日本", ""), Optional.of(12.75)),
            problem(0, (short) 0xFFFF),
            problem(1, "bad 😀"),
            problem(2, List.of()),
            problem(2, List.of(Optional.of((byte) 3), Optional.empty(), Optional.of((byte) 0xFF))),
            entry(0, Collections.nCopies(50, "tag"), Optional.of(-0.0)),
            Optional.empty());

    /** The checksum deep.wat's guest computes from its memory layout. */
    private static long checksum(List<Object> v) {
        long sum = 0;
        for (Object o : v) {
            Optional<?> element = (Optional<?>) o;
            if (element.isEmpty()) {
                sum += 1_000_000;
                continue;
            }
            ResultValue r = (ResultValue) element.get();
            if (r.isOk()) {
                List<?> e = (List<?>) r.payload();
                sum += Integer.toUnsignedLong((Integer) e.get(0)) + 100L * ((List<?>) e.get(1)).size();
                sum += ((Optional<?>) e.get(2)).map(d -> (long) (double) (Double) d).orElse(0L);
            } else {
                VariantValue p = (VariantValue) r.payload();
                if (p.caseIndex() == 0) {
                    sum += (Short) p.payload() & 0xFFFF;
                } else if (p.caseIndex() == 1) {
                    sum += 10_000L * ((String) p.payload()).getBytes(StandardCharsets.UTF_8).length;
                } else {
                    for (Object b : (List<?>) p.payload()) {
                        sum += ((Optional<?>) b).map(x -> (long) ((Byte) x & 0xFF)).orElse(0L);
                    }
                }
            }
        }
        return sum;
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("deep", host);

    @Test
    void echo() {
        assertEquals(VALUE, call(guest, "echo", VALUE));
        assertEquals(List.of(), call(guest, "echo", List.of()));
    }

    @Test
    void throughTheHost() {
        List<Object> reversed = new ArrayList<>(VALUE);
        Collections.reverse(reversed);
        assertEquals(reversed, call(guest, "call", VALUE));
        assertEquals(List.of(VALUE), host.seen);
    }

    @Test
    void theGuestReadsItAtTheCanonicalOffsets() {
        assertEquals(checksum(VALUE), call(guest, "checksum", VALUE));
        assertEquals(Integer.toUnsignedLong(-1) + 300 + 12 + 7 + 1_000_000 * 2L + 0xFFFF + 10_000L * 8 + 3 + 255 + 5000,
                checksum(VALUE));
    }
}
