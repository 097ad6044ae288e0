package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.EnumType;
import dev.wasmlet.runtime.types.FlagsType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResourceValue;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators of value types (of bounded depth) and of values of a given type. */
final class Gen {
    private Gen() {
    }

    static final ResourceType R1 = new ResourceType("r1", null);
    static final ResourceType R2 = new ResourceType("r2", null);

    static List<String> labels(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static Arbitrary<ValueType> leaves(boolean borrows) {
        List<ValueType> fixed = new ArrayList<>(List.of(PrimitiveType.values()));
        fixed.add(new OwnType(R1));
        fixed.add(new OwnType(R2));
        if (borrows) {
            fixed.add(new BorrowType(R1));
            fixed.add(new BorrowType(R2));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(fixed)),
                Tuple.of(1, Arbitraries.integers().between(1, 6).map(n -> new EnumType(labels("e", n)))),
                Tuple.of(1, Arbitraries.of(300).map(n -> new EnumType(labels("e", n)))),
                Tuple.of(2, Arbitraries.of(1, 7, 8, 9, 16, 17, 32, 33, 64, 65, 70)
                        .map(n -> new FlagsType(labels("f", n)))));
    }

    /** Value types of nesting depth at most {@code depth}; borrows only when {@code borrows}. */
    static Arbitrary<ValueType> types(int depth, boolean borrows) {
        Arbitrary<ValueType> leaf = leaves(borrows);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<ValueType> inner = types(depth - 1, borrows);
        Arbitrary<ValueType> list = inner.map(ListType::new);
        Arbitrary<ValueType> record = inner.list().ofMinSize(1).ofMaxSize(4).map(ts -> {
            List<RecordType.Field> fs = new ArrayList<>();
            for (int i = 0; i < ts.size(); i++) {
                fs.add(new RecordType.Field("f" + i, ts.get(i)));
            }
            return new RecordType(fs);
        });
        Arbitrary<ValueType> tuple = inner.list().ofMinSize(1).ofMaxSize(3).map(TupleType::new);
        Arbitrary<ValueType> variant = inner.injectNull(0.3).list().ofMinSize(1).ofMaxSize(5).map(ts -> {
            List<VariantType.Case> cs = new ArrayList<>();
            for (int i = 0; i < ts.size(); i++) {
                cs.add(new VariantType.Case("c" + i, ts.get(i)));
            }
            return new VariantType(cs);
        });
        Arbitrary<ValueType> option = inner.map(OptionType::new);
        Arbitrary<ValueType> result = Combinators.combine(inner.injectNull(0.3), inner.injectNull(0.3))
                .as(ResultType::new);
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf), Tuple.of(2, list), Tuple.of(2, record), Tuple.of(1, tuple),
                Tuple.of(2, variant), Tuple.of(1, option), Tuple.of(1, result));
    }

    static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0, 0xFF)),
                Tuple.of(2, Arbitraries.integers().between(0x100, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    }

    static Arbitrary<String> strings() {
        return codePoints().list().ofMaxSize(12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    private static Arbitrary<Object> f32() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.floats().map(f -> (Object) f)),
                Tuple.of(1, Arbitraries.of(Float.NaN, Float.intBitsToFloat(0x7fa00001), Float.intBitsToFloat(0xffc00000),
                        0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE)
                        .map(f -> (Object) f)));
    }

    private static Arbitrary<Object> f64() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.doubles().map(d -> (Object) d)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L),
                        Double.longBitsToDouble(0xfff8000000000000L), 0.0, -0.0, Double.POSITIVE_INFINITY,
                        Double.MIN_VALUE, Double.MAX_VALUE).map(d -> (Object) d)));
    }

    /** Values of type {@code t}. */
    static Arbitrary<Object> values(ValueType t) {
        if (t instanceof PrimitiveType p) {
            return switch (p) {
                case BOOL -> Arbitraries.of(true, false).map(b -> (Object) b);
                case U8, S8 -> Arbitraries.bytes().map(b -> (Object) b);
                case U16, S16 -> Arbitraries.shorts().map(s -> (Object) s);
                case U32, S32 -> Arbitraries.integers().map(i -> (Object) i);
                case U64, S64 -> Arbitraries.longs().map(l -> (Object) l);
                case F32 -> f32();
                case F64 -> f64();
                case CHAR -> Arbitraries.frequencyOf(
                        Tuple.of(5, codePoints()),
                        Tuple.of(1, Arbitraries.of(0, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF))).map(c -> (Object) c);
                case STRING -> strings().map(s -> (Object) s);
            };
        } else if (t instanceof ListType l) {
            if (l.isBytes()) {
                return Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(b -> (Object) b);
            }
            return values(l.element()).list().ofMaxSize(4).map(v -> (Object) v);
        } else if (t instanceof RecordType r) {
            return all(r.fields().stream().map(RecordType.Field::type).toList());
        } else if (t instanceof TupleType tt) {
            return all(tt.types());
        } else if (t instanceof VariantType v) {
            int n = v.cases().size();
            return Arbitraries.integers().between(0, n - 1).flatMap(i -> {
                ValueType ct = v.cases().get(i).type();
                return ct == null ? Arbitraries.just((Object) new VariantValue(i, null))
                        : values(ct).map(p -> (Object) new VariantValue(i, p));
            });
        } else if (t instanceof EnumType e) {
            return Arbitraries.integers().between(0, e.labels().size() - 1).map(i -> (Object) i);
        } else if (t instanceof FlagsType f) {
            int n = f.labels().size();
            return Arbitraries.of(true, false).list().ofSize(n).map(bs -> {
                BitSet set = new BitSet();
                for (int i = 0; i < n; i++) {
                    set.set(i, bs.get(i));
                }
                return (Object) set;
            });
        } else if (t instanceof OptionType o) {
            return Arbitraries.oneOf(Arbitraries.just((Object) Optional.empty()),
                    values(o.type()).map(v -> (Object) Optional.of(v)));
        } else if (t instanceof ResultType r) {
            Arbitrary<Object> ok = r.ok() == null ? Arbitraries.just((Object) ResultValue.ok(null))
                    : values(r.ok()).map(v -> (Object) ResultValue.ok(v));
            Arbitrary<Object> err = r.error() == null ? Arbitraries.just((Object) ResultValue.error(null))
                    : values(r.error()).map(v -> (Object) ResultValue.error(v));
            return Arbitraries.oneOf(ok, err);
        } else if (t instanceof OwnType o) {
            return Arbitraries.integers().map(rep -> (Object) new ResourceValue(o.resource(), rep));
        } else if (t instanceof BorrowType b) {
            return Arbitraries.integers().map(rep -> (Object) new ResourceValue(b.resource(), rep));
        }
        throw new IllegalArgumentException(String.valueOf(t));
    }

    /** A list of one value of each of {@code ts}. */
    static Arbitrary<Object> all(List<ValueType> ts) {
        if (ts.isEmpty()) {
            return Arbitraries.just((Object) List.of());
        }
        List<Arbitrary<Object>> arbs = ts.stream().map(Gen::values).toList();
        return Combinators.combine(arbs).as(vs -> (Object) new ArrayList<>(vs));
    }
}
