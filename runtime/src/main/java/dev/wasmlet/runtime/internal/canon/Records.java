package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.ValueType;
import java.util.Arrays;
import java.util.List;

/** Records and tuples: a {@link List} of the field values in order. */
final class Records {
    private Records() {
    }

    static final class Record extends Codec {
        private final Codec[] fields;
        private final int[] offsets;
        private final int[] flatPos;

        Record(ValueType t, List<Codec> fieldCodecs) {
            this(t, fieldCodecs.toArray(new Codec[0]), new Layout(fieldCodecs));
        }

        private Record(ValueType t, Codec[] fields, Layout l) {
            super(t, l.align, l.size, l.flat, l.usesMemory, l.hasBorrow);
            this.fields = fields;
            this.offsets = l.offsets;
            this.flatPos = l.flatPos;
        }

        private List<?> fieldsOf(Object v) {
            List<?> l = (List<?>) v;
            if (l.size() != fields.length) {
                throw new IllegalArgumentException("a value of " + describe(type) + " needs " + fields.length
                        + " fields, got a list of " + l.size());
            }
            return l;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            Object[] out = new Object[fields.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = fields[i].liftFlat(cx, src, pos + flatPos[i]);
            }
            return Arrays.asList(out);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            List<?> l = fieldsOf(v);
            for (int i = 0; i < fields.length; i++) {
                fields[i].lowerFlat(cx, l.get(i), dst, pos + flatPos[i]);
            }
        }

        @Override
        Object load(CallContext cx, int ptr) {
            Object[] out = new Object[fields.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = fields[i].load(cx, ptr + offsets[i]);
            }
            return Arrays.asList(out);
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            List<?> l = fieldsOf(v);
            for (int i = 0; i < fields.length; i++) {
                fields[i].store(cx, l.get(i), ptr + offsets[i]);
            }
        }
    }

    /**
     * The layout of a sequence of values as a record (a tuple): field offsets in memory, start
     * positions among the flat core values, alignment, size and flat types.
     */
    static final class Layout {
        final int[] offsets;
        final int[] flatPos;
        final int align;
        final int size;
        final CoreValType[] flat;
        final boolean usesMemory;
        final boolean hasBorrow;

        Layout(List<Codec> codecs) {
            int n = codecs.size();
            offsets = new int[n];
            flatPos = new int[n];
            int a = 1;
            int s = 0;
            int f = 0;
            boolean mem = false;
            boolean borrow = false;
            for (int i = 0; i < n; i++) {
                Codec c = codecs.get(i);
                s = Codec.alignTo(s, c.align);
                offsets[i] = s;
                s += c.size;
                a = Math.max(a, c.align);
                flatPos[i] = f;
                f += c.flat.length;
                mem |= c.usesMemory;
                borrow |= c.hasBorrow;
            }
            align = a;
            size = Codec.alignTo(s, a);
            flat = new CoreValType[f];
            for (int i = 0; i < n; i++) {
                CoreValType[] cf = codecs.get(i).flat;
                System.arraycopy(cf, 0, flat, flatPos[i], cf.length);
            }
            usesMemory = mem;
            hasBorrow = borrow;
        }
    }
}
