package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.PrimitiveType;

/** The codecs of the primitive types: one shared instance each. */
final class Scalars {
    private Scalars() {
    }

    private static final CoreValType[] F32 = {CoreValType.F32};
    private static final CoreValType[] F64 = {CoreValType.F64};

    static final Codec BOOL = new Bool();
    static final Codec U8 = new Int8(PrimitiveType.U8, true);
    static final Codec S8 = new Int8(PrimitiveType.S8, false);
    static final Codec U16 = new Int16(PrimitiveType.U16, true);
    static final Codec S16 = new Int16(PrimitiveType.S16, false);
    static final Codec U32 = new Int32(PrimitiveType.U32);
    static final Codec S32 = new Int32(PrimitiveType.S32);
    static final Codec U64 = new Int64(PrimitiveType.U64);
    static final Codec S64 = new Int64(PrimitiveType.S64);
    static final Codec FLOAT32 = new Float32();
    static final Codec FLOAT64 = new Float64();
    static final Codec CHAR = new Char();
    static final Codec STRING = new Str();

    static Codec of(PrimitiveType p) {
        return switch (p) {
            case BOOL -> BOOL;
            case U8 -> U8;
            case S8 -> S8;
            case U16 -> U16;
            case S16 -> S16;
            case U32 -> U32;
            case S32 -> S32;
            case U64 -> U64;
            case S64 -> S64;
            case F32 -> FLOAT32;
            case F64 -> FLOAT64;
            case CHAR -> CHAR;
            case STRING -> STRING;
        };
    }

    private static final class Bool extends Codec {
        Bool() {
            super(PrimitiveType.BOOL, 1, 1, I32, false, false);
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return (int) src[pos] != 0;
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = (Boolean) v ? 1 : 0;
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return cx.memory.readByte(ptr) != 0;
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeByte(ptr, (Boolean) v ? (byte) 1 : (byte) 0);
        }
    }

    private static final class Int8 extends Codec {
        private final boolean unsigned;

        Int8(PrimitiveType t, boolean unsigned) {
            super(t, 1, 1, I32, false, false);
            this.unsigned = unsigned;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return (byte) src[pos];
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            byte b = (Byte) v;
            dst[pos] = unsigned ? b & 0xFF : b;
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return cx.memory.readByte(ptr);
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeByte(ptr, (Byte) v);
        }
    }

    private static final class Int16 extends Codec {
        private final boolean unsigned;

        Int16(PrimitiveType t, boolean unsigned) {
            super(t, 2, 2, I32, false, false);
            this.unsigned = unsigned;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return (short) src[pos];
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            short s = (Short) v;
            dst[pos] = unsigned ? s & 0xFFFF : s;
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return cx.memory.readShort(ptr);
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeShort(ptr, (Short) v);
        }
    }

    private static final class Int32 extends Codec {
        Int32(PrimitiveType t) {
            super(t, 4, 4, I32, false, false);
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return (int) src[pos];
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = (Integer) v;
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return cx.memory.readInt(ptr);
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeInt(ptr, (Integer) v);
        }
    }

    private static final class Int64 extends Codec {
        Int64(PrimitiveType t) {
            super(t, 8, 8, I64, false, false);
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return src[pos];
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = (Long) v;
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return cx.memory.readLong(ptr);
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeLong(ptr, (Long) v);
        }
    }

    /** f32: NaNs are canonicalised to 0x7fc00000 both ways (the deterministic profile). */
    private static final class Float32 extends Codec {
        Float32() {
            super(PrimitiveType.F32, 4, 4, F32, false, false);
        }

        static Float decode(int bits) {
            float f = Float.intBitsToFloat(bits);
            return f != f ? Float.NaN : f;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return decode((int) src[pos]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = Float.floatToIntBits((Float) v);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return decode(cx.memory.readInt(ptr));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeInt(ptr, Float.floatToIntBits((Float) v));
        }
    }

    /** f64: NaNs are canonicalised to 0x7ff8000000000000 both ways. */
    private static final class Float64 extends Codec {
        Float64() {
            super(PrimitiveType.F64, 8, 8, F64, false, false);
        }

        static Double decode(long bits) {
            double d = Double.longBitsToDouble(bits);
            return d != d ? Double.NaN : d;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return decode(src[pos]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = Double.doubleToLongBits((Double) v);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return decode(cx.memory.readLong(ptr));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeLong(ptr, Double.doubleToLongBits((Double) v));
        }
    }

    private static final class Char extends Codec {
        Char() {
            super(PrimitiveType.CHAR, 4, 4, I32, false, false);
        }

        static boolean valid(int c) {
            return Integer.compareUnsigned(c, 0x110000) < 0 && (c < 0xD800 || c > 0xDFFF);
        }

        static Integer lift(CallContext cx, int c) {
            if (!valid(c)) {
                throw cx.trap("invalid char " + CallContext.hex(c) + ": not a Unicode scalar value");
            }
            return c;
        }

        static int lower(Object v) {
            int c = (Integer) v;
            if (!valid(c)) {
                throw new IllegalArgumentException("char " + CallContext.hex(c) + " is not a Unicode scalar value");
            }
            return c;
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return lift(cx, (int) src[pos]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            dst[pos] = lower(v);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return lift(cx, cx.memory.readInt(ptr));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            cx.memory.writeInt(ptr, lower(v));
        }
    }

    private static final class Str extends Codec {
        Str() {
            super(PrimitiveType.STRING, 4, 8, I32_I32, true, false);
        }

        @Override
        Object liftFlat(CallContext cx, long[] src, int pos) {
            return Strings.load(cx, (int) src[pos], (int) src[pos + 1]);
        }

        @Override
        void lowerFlat(CallContext cx, Object v, long[] dst, int pos) {
            long r = Strings.store(cx, (String) v);
            dst[pos] = (int) r;
            dst[pos + 1] = (int) (r >>> 32);
        }

        @Override
        Object load(CallContext cx, int ptr) {
            return Strings.load(cx, cx.memory.readInt(ptr), cx.memory.readInt(ptr + 4));
        }

        @Override
        void store(CallContext cx, Object v, int ptr) {
            long r = Strings.store(cx, (String) v);
            cx.memory.writeInt(ptr, (int) r);
            cx.memory.writeInt(ptr + 4, (int) (r >>> 32));
        }
    }
}
