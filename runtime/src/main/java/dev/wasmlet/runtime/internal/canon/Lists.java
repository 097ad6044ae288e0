package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.types.ListType;
import java.util.Arrays;
import java.util.List;

/** {@code list<T>}: {@code byte[]} for u8 and s8 elements, {@link List} otherwise. */
final class Lists {
    private Lists() {
    }

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private static void checkLength(CallContext cx, int ptr, long length) {
        if (length > MAX_ARRAY) {
            throw cx.trap("list of " + length + " elements at " + CallContext.hex(ptr) + " is too long for the host");
        }
    }

    /**
     * A list as the canonical ABI passes it: a (pointer, length) pair, flat or in memory; the
     * subclasses read and write the elements.
     */
    private abstract static class Range extends Codec {
        Range(ListType t, boolean hasBorrow) {
            super(t, 4, 8, I32_I32, true, hasBorrow);
        }

        abstract Object loadRange(CallContext cx, int ptr, int length);

        /** Stores the elements; returns the pointer in the low and the length in the high 32 bits. */
        abstract long storeRange(CallContext cx, Object v);

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return loadRange(cx, (int) src[pos], (int) src[pos + 1]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            long r = storeRange(cx, v);
            dst[pos] = (int) r;
            dst[pos + 1] = (int) (r >>> 32);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return loadRange(cx, cx.memory.readInt(ptr), cx.memory.readInt(ptr + 4));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            long r = storeRange(cx, v);
            cx.memory.writeInt(ptr, (int) r);
            cx.memory.writeInt(ptr + 4, (int) (r >>> 32));
        }
    }

    /** {@code list<u8>} and {@code list<s8>}: one bulk copy each way. */
    static final class Bytes extends Range {
        Bytes(ListType t) {
            super(t, false);
        }

        @Override
        byte[] loadRange(CallContext cx, int ptr, int length) {
            long len = Integer.toUnsignedLong(length);
            cx.checkRange(ptr, 1, len, "list");
            checkLength(cx, ptr, len);
            return len == 0 ? EMPTY : cx.memory.read(ptr, (int) len);
        }

        @Override
        long storeRange(CallContext cx, Object v) {
            byte[] b = (byte[]) v;
            int ptr = cx.alloc(1, b.length, "list");
            cx.memory.write(ptr, b, 0, b.length);
            return (ptr & 0xFFFFFFFFL) | ((long) b.length << 32);
        }
    }

    /** Lists of any other element type, element by element. */
    static final class Of extends Range {
        private final Codec element;
        private final int elemAlign;
        private final int elemSize;

        Of(ListType t, Codec element) {
            super(t, element.hasBorrow);
            this.element = element;
            this.elemAlign = element.align;
            this.elemSize = element.size;
        }

        @Override
        List<Object> loadRange(CallContext cx, int ptr, int length) {
            long len = Integer.toUnsignedLong(length);
            cx.checkRange(ptr, elemAlign, len * elemSize, "list");
            checkLength(cx, ptr, len);
            int n = (int) len;
            if (n == 0) {
                return List.of();
            }
            Object[] out = new Object[n];
            for (int i = 0, p = ptr; i < n; i++, p += elemSize) {
                out[i] = element.load(cx, p);
            }
            return Arrays.asList(out);
        }

        @Override
        long storeRange(CallContext cx, Object v) {
            List<?> list = (List<?>) v;
            int n = list.size();
            long byteLength = (long) n * elemSize;
            if (byteLength >= 1L << 32) {
                throw cx.trap("list of " + n + " elements of " + elemSize + " bytes is too long for a 32-bit memory");
            }
            int ptr = cx.alloc(elemAlign, byteLength, "list");
            int p = ptr;
            for (Object e : list) {
                element.store(cx, e, p);
                p += elemSize;
            }
            return (ptr & 0xFFFFFFFFL) | ((long) n << 32);
        }
    }
}
