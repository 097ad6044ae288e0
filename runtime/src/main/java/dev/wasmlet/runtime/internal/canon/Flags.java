package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.FlagsType;
import java.util.Arrays;
import java.util.BitSet;

/**
 * {@code flags}: a {@link BitSet}. Up to 8 labels take a byte, up to 16 a 16-bit word, more one
 * i32 per 32 labels, flat and in memory (the rule before the 2024 limit of 32 flags). Bits beyond
 * the label count are ignored when lifting, as {@code unpack_flags_from_int} does.
 */
final class Flags extends Codec {
    private final int count;
    private final int words;

    Flags(FlagsType t) {
        super(t, alignOf(t.labels().size()), sizeOf(t.labels().size()), flatOf(t.labels().size()), false, false);
        this.count = t.labels().size();
        this.words = (count + 31) >>> 5;
    }

    private static int alignOf(int n) {
        return n <= 8 ? 1 : n <= 16 ? 2 : 4;
    }

    private static int sizeOf(int n) {
        if (n == 0) {
            return 0;
        }
        return n <= 8 ? 1 : n <= 16 ? 2 : 4 * ((n + 31) >>> 5);
    }

    private static CoreValType[] flatOf(int n) {
        CoreValType[] f = new CoreValType[(n + 31) >>> 5];
        Arrays.fill(f, CoreValType.I32);
        return f;
    }

    /** The i32 word {@code i} of a value's bits (0 for words beyond the set's length). */
    private int[] toWords(Object v) {
        BitSet bits = (BitSet) v;
        if (bits.length() > count) {
            throw new IllegalArgumentException("flag " + (bits.length() - 1) + " set in a value of "
                    + describe(type) + " (" + count + " labels)");
        }
        long[] longs = bits.toLongArray();
        int[] out = new int[words];
        for (int i = 0; i < longs.length; i++) {
            out[2 * i] = (int) longs[i];
            if (2 * i + 1 < words) {
                out[2 * i + 1] = (int) (longs[i] >>> 32);
            }
        }
        return out;
    }

    private BitSet fromWords(int[] w) {
        long[] longs = new long[(words + 1) >>> 1];
        for (int i = 0; i < words; i++) {
            longs[i >>> 1] |= (w[i] & 0xFFFFFFFFL) << (32 * (i & 1));
        }
        int rest = count & 63;
        if (rest != 0) {
            longs[longs.length - 1] &= (1L << rest) - 1;
        }
        return BitSet.valueOf(longs);
    }

    @Override
    Object liftFlat(CallContext cx, long[] src, int pos) {
        int[] w = new int[words];
        for (int i = 0; i < words; i++) {
            w[i] = (int) src[pos + i];
        }
        return fromWords(w);
    }

    @Override
    void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
        int[] w = toWords(v);
        for (int i = 0; i < words; i++) {
            dst[pos + i] = w[i];
        }
    }

    @Override
    Object load(CallContext cx, int ptr) {
        int[] w = new int[words];
        if (count <= 8) {
            if (count > 0) {
                w[0] = cx.memory.readByte(ptr) & 0xFF;
            }
        } else if (count <= 16) {
            w[0] = cx.memory.readShort(ptr) & 0xFFFF;
        } else {
            for (int i = 0; i < words; i++) {
                w[i] = cx.memory.readInt(ptr + 4 * i);
            }
        }
        return fromWords(w);
    }

    @Override
    void store(CallContext cx, Object v, int ptr) {
        int[] w = toWords(v);
        if (count <= 8) {
            if (count > 0) {
                cx.memory.writeByte(ptr, (byte) w[0]);
            }
        } else if (count <= 16) {
            cx.memory.writeShort(ptr, (short) w[0]);
        } else {
            for (int i = 0; i < words; i++) {
                cx.memory.writeInt(ptr + 4 * i, w[i]);
            }
        }
    }
}
