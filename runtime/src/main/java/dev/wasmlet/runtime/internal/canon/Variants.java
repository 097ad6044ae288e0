package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.EnumType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.List;
import java.util.Optional;

/**
 * Variants and their specialisations (enum, option, result), which share the canonical ABI of
 * {@code variant} and differ only in their Java values.
 */
final class Variants {
    private Variants() {
    }

    abstract static class Base extends Codec {
        private final Codec[] cases;
        private final int discSize;
        private final int payloadOffset;
        /** Per case: payload positions (after the discriminant) whose i32 or f32 sits in an i64 slot. */
        private final int[][] zeroExtend;
        private final int payloadFlat;

        Base(ValueType t, List<Codec> caseCodecs) {
            this(t, caseCodecs.toArray(new Codec[0]));
        }

        private Base(ValueType t, Codec[] cases) {
            super(t, alignOf(cases), sizeOf(cases), flatOf(cases), any(cases, true), any(cases, false));
            this.cases = cases;
            this.discSize = discriminantSize(cases.length);
            this.payloadOffset = alignTo(discSize, maxCaseAlign(cases));
            this.payloadFlat = flat.length - 1;
            this.zeroExtend = new int[cases.length][];
            for (int c = 0; c < cases.length; c++) {
                int[] ext = new int[cases[c] == null ? 0 : cases[c].flat.length];
                int n = 0;
                for (int j = 0; j < ext.length; j++) {
                    CoreValType have = cases[c].flat[j];
                    if (flat[1 + j] == CoreValType.I64 && (have == CoreValType.I32 || have == CoreValType.F32)) {
                        ext[n++] = j;
                    }
                }
                zeroExtend[c] = java.util.Arrays.copyOf(ext, n);
            }
        }

        static int discriminantSize(int n) {
            if (n <= 1 << 8) {
                return 1;
            }
            return n <= 1 << 16 ? 2 : 4;
        }

        private static int maxCaseAlign(Codec[] cases) {
            int a = 1;
            for (Codec c : cases) {
                if (c != null) {
                    a = Math.max(a, c.align);
                }
            }
            return a;
        }

        private static int alignOf(Codec[] cases) {
            return Math.max(discriminantSize(cases.length), maxCaseAlign(cases));
        }

        private static int sizeOf(Codec[] cases) {
            int s = alignTo(discriminantSize(cases.length), maxCaseAlign(cases));
            int cs = 0;
            for (Codec c : cases) {
                if (c != null) {
                    cs = Math.max(cs, c.size);
                }
            }
            return alignTo(s + cs, alignOf(cases));
        }

        private static CoreValType[] flatOf(Codec[] cases) {
            CoreValType[] joined = new CoreValType[0];
            for (Codec c : cases) {
                if (c == null) {
                    continue;
                }
                if (c.flat.length > joined.length) {
                    CoreValType[] grown = java.util.Arrays.copyOf(joined, c.flat.length);
                    System.arraycopy(c.flat, joined.length, grown, joined.length, c.flat.length - joined.length);
                    for (int i = 0; i < joined.length; i++) {
                        grown[i] = join(joined[i], c.flat[i]);
                    }
                    joined = grown;
                } else {
                    for (int i = 0; i < c.flat.length; i++) {
                        joined[i] = join(joined[i], c.flat[i]);
                    }
                }
            }
            CoreValType[] out = new CoreValType[1 + joined.length];
            out[0] = CoreValType.I32;
            System.arraycopy(joined, 0, out, 1, joined.length);
            return out;
        }

        private static CoreValType join(CoreValType a, CoreValType b) {
            if (a == b) {
                return a;
            }
            if ((a == CoreValType.I32 && b == CoreValType.F32) || (a == CoreValType.F32 && b == CoreValType.I32)) {
                return CoreValType.I32;
            }
            return CoreValType.I64;
        }

        private static boolean any(Codec[] cases, boolean memory) {
            for (Codec c : cases) {
                if (c != null && (memory ? c.usesMemory : c.hasBorrow)) {
                    return true;
                }
            }
            return false;
        }

        /** The case index of a Java value of this type. */
        abstract int caseOf(Object v);

        /** The payload of a Java value of this type (null when the case has none). */
        abstract Object payloadOf(Object v);

        /** The Java value of case {@code c} with {@code payload}. */
        abstract Object make(int c, Object payload);

        private int checkedCase(Object v) {
            int c = caseOf(v);
            if (c < 0 || c >= cases.length) {
                throw new IllegalArgumentException("case " + c + " out of range for " + describe(type)
                        + " (" + cases.length + " cases)");
            }
            return c;
        }

        private int checkDiscriminant(CallContext cx, int d) {
            if (Integer.compareUnsigned(d, cases.length) >= 0) {
                throw cx.trap("variant discriminant " + Integer.toUnsignedString(d) + " out of range for "
                        + describe(type) + " (" + cases.length + " cases)");
            }
            return d;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            int d = checkDiscriminant(cx, (int) src[pos]);
            Codec c = cases[d];
            return make(d, c == null ? null : c.liftFlat(cx, src, pos + 1));
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            int d = checkedCase(v);
            dst[pos] = d;
            Codec c = cases[d];
            int used = 0;
            if (c != null) {
                c.lowerFlat(cx, payloadOf(v), dst, pos + 1);
                for (int j : zeroExtend[d]) {
                    dst[pos + 1 + j] &= 0xFFFFFFFFL;
                }
                used = c.flat.length;
            }
            for (int j = used; j < payloadFlat; j++) {
                dst[pos + 1 + j] = 0;
            }
        }

        @Override
        Object load(CallContext cx, int ptr) {
            int d = switch (discSize) {
                case 1 -> cx.memory.readByte(ptr) & 0xFF;
                case 2 -> cx.memory.readShort(ptr) & 0xFFFF;
                default -> cx.memory.readInt(ptr);
            };
            checkDiscriminant(cx, d);
            Codec c = cases[d];
            return make(d, c == null ? null : c.load(cx, ptr + payloadOffset));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            int d = checkedCase(v);
            switch (discSize) {
                case 1 -> cx.memory.writeByte(ptr, (byte) d);
                case 2 -> cx.memory.writeShort(ptr, (short) d);
                default -> cx.memory.writeInt(ptr, d);
            }
            Codec c = cases[d];
            if (c != null) {
                c.store(cx, payloadOf(v), ptr + payloadOffset);
            }
        }
    }

    /** {@code variant}: a {@link VariantValue}. */
    static final class General extends Base {
        General(VariantType t, List<Codec> cases) {
            super(t, cases);
        }

        @Override
        int caseOf(Object v) {
            return ((VariantValue) v).caseIndex();
        }

        @Override
        Object payloadOf(Object v) {
            return ((VariantValue) v).payload();
        }

        @Override
        Object make(int c, Object payload) {
            return new VariantValue(c, payload);
        }
    }

    /** {@code enum}: the case index as an {@link Integer}. */
    static final class Enum extends Base {
        Enum(EnumType t, List<Codec> cases) {
            super(t, cases);
        }

        @Override
        int caseOf(Object v) {
            return (Integer) v;
        }

        @Override
        Object payloadOf(Object v) {
            return null;
        }

        @Override
        Object make(int c, Object payload) {
            return c;
        }
    }

    /** {@code option<T>}: an {@link Optional}. */
    static final class Option extends Base {
        Option(OptionType t, List<Codec> cases) {
            super(t, cases);
        }

        @Override
        int caseOf(Object v) {
            return ((Optional<?>) v).isPresent() ? 1 : 0;
        }

        @Override
        Object payloadOf(Object v) {
            return ((Optional<?>) v).orElse(null);
        }

        @Override
        Object make(int c, Object payload) {
            return c == 0 ? Optional.empty() : Optional.of(payload);
        }
    }

    /** {@code result<T, E>}: a {@link ResultValue}. */
    static final class Result extends Base {
        private static final ResultValue OK = ResultValue.ok(null);
        private static final ResultValue ERROR = ResultValue.error(null);

        Result(ResultType t, List<Codec> cases) {
            super(t, cases);
        }

        @Override
        int caseOf(Object v) {
            return ((ResultValue) v).isOk() ? 0 : 1;
        }

        @Override
        Object payloadOf(Object v) {
            return ((ResultValue) v).payload();
        }

        @Override
        Object make(int c, Object payload) {
            if (payload == null) {
                return c == 0 ? OK : ERROR;
            }
            return new ResultValue(c == 0, payload);
        }
    }
}
