package dev.wasmlet.runtime.internal.canon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ValueType;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Lowering then lifting gives every value back, flat, in memory and through call pairs. */
class RoundTripPropertiesTest {
    record Typed(ValueType type, Object value) {
        @Override
        public String toString() {
            return type + " = " + Normal.of(value);
        }
    }

    record Call(FuncType type, Object[] args, Object[] results) {
        @Override
        public String toString() {
            return type + " args " + Normal.of(args) + " results " + Normal.of(results);
        }
    }

    @Provide
    Arbitrary<Typed> typed() {
        return Gen.types(3, true).flatMap(t -> Gen.values(t).map(v -> new Typed(t, v)));
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<List<ValueType>> params = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Gen.types(2, true).list().ofMaxSize(6)),
                net.jqwik.api.Tuple.of(1, Gen.types(0, true).list().ofMinSize(15).ofMaxSize(20)));
        Arbitrary<List<ValueType>> results = Gen.types(2, false).list().ofMaxSize(3);
        return Combinators.combine(params, results).flatAs((ps, rs) -> Combinators.combine(Gen.all(ps), Gen.all(rs))
                .as((a, r) -> new Call(Guest.func(ps, rs), ((List<?>) a).toArray(), ((List<?>) r).toArray())));
    }

    @Property(tries = 1000)
    void flatRoundTrip(@ForAll("typed") Typed tv, @ForAll StringEncoding encoding) {
        Guest g = new Guest(encoding);
        Codec c = Codec.of(tv.type());
        CallContext cx = g.cx("flat");
        long[] flat = new long[c.flat.length];
        c.lowerFlat(cx, tv.value(), flat, 0);
        for (int i = 0; i < flat.length; i++) {
            if (c.flat[i] == CoreValType.I32 || c.flat[i] == CoreValType.F32) {
                assertEquals((int) flat[i], flat[i], "32-bit core value " + i + " is sign-extended");
            }
        }
        assertEquals(Normal.of(tv.value()), Normal.of(c.liftFlat(cx, flat, 0)));
    }

    @Property(tries = 1000)
    void memoryRoundTrip(@ForAll("typed") Typed tv, @ForAll StringEncoding encoding) {
        Guest g = new Guest(encoding);
        Codec c = Codec.of(tv.type());
        CallContext cx = g.cx("memory");
        int ptr = g.alloc(c.align, c.size);
        c.store(cx, tv.value(), ptr);
        assertEquals(Normal.of(tv.value()), Normal.of(c.load(cx, ptr)));
    }

    /** Host → lift → guest core code → lower → host function, and back. */
    @Property(tries = 500)
    void liftOfLowerGivesArgumentsAndResultsBack(@ForAll("calls") Call call, @ForAll StringEncoding encoding) {
        Guest g = new Guest(encoding);
        Object[][] received = new Object[1][];
        ComponentFunction inner = Guest.host(call.type(), args -> {
            received[0] = args.clone();
            return call.results().clone();
        });
        ComponentFunction f = g.reexport("f", inner);
        Object[] out = f.call(call.args().clone());
        assertEquals(Normal.of(call.args()), Normal.of(received[0]));
        assertEquals(Normal.of(call.results()), Normal.of(out));
        assertEquals(0, g.inst.handleCount(), "every handle moved out or dropped");
        assertEquals(true, g.inst.mayEnter());
    }

    /** Host → guest A (one encoding) → guest B (another encoding) → host, and back. */
    @Property(tries = 300)
    void guestToGuestAcrossEncodings(@ForAll("calls") Call call, @ForAll StringEncoding a,
            @ForAll StringEncoding b) {
        Guest ga = new Guest("a", a);
        Guest gb = new Guest("b", b);
        Object[][] received = new Object[1][];
        ComponentFunction inner = Guest.host(call.type(), args -> {
            received[0] = args.clone();
            return call.results().clone();
        });
        ComponentFunction f = ga.reexport("f", gb.reexport("g", inner));
        Object[] out = f.call(call.args().clone());
        assertEquals(Normal.of(Arrays.asList(call.args())), Normal.of(received[0]));
        assertEquals(Normal.of(call.results()), Normal.of(out));
        assertEquals(0, ga.inst.handleCount());
        assertEquals(0, gb.inst.handleCount());
    }
}
