package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreLinkException;
import dev.wasmlet.runtime.engine.CoreValType;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;
import java.util.List;

/**
 * Conversions between the SPI's values (every value in a {@code long}: i32 sign-extended, floats
 * as raw bits) and wasmtime-java's boxed {@link Val}s, which carry numbers only.
 */
final class Values {
    private Values() {
    }

    static Val val(CoreValType type, long value) {
        return switch (type) {
            case I32 -> Val.fromI32((int) value);
            case I64 -> Val.fromI64(value);
            case F32 -> Val.fromF32(Float.intBitsToFloat((int) value));
            case F64 -> Val.fromF64(Double.longBitsToDouble(value));
            case FUNCREF, EXTERNREF -> throw unsupported(type);
        };
    }

    static long bits(Val value) {
        return switch (value.getType()) {
            case I32 -> value.i32();
            case I64 -> value.i64();
            case F32 -> Float.floatToRawIntBits(value.f32());
            case F64 -> Double.doubleToRawLongBits(value.f64());
            default -> throw new CoreLinkException("wasmtime-java 0.19 cannot pass a " + value.getType()
                    + " value between Java and a guest", null);
        };
    }

    static Val[] vals(List<CoreValType> types, long[] values) {
        if (values.length != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " values " + types + ", got "
                    + values.length);
        }
        Val[] out = new Val[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = val(types.get(i), values[i]);
        }
        return out;
    }

    static long[] bits(Val[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits(values[i]);
        }
        return out;
    }

    static FuncType funcType(CoreFuncType type) {
        return new FuncType(valTypes(type.params()), valTypes(type.results()));
    }

    private static Val.Type[] valTypes(List<CoreValType> types) {
        Val.Type[] out = new Val.Type[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (types.get(i)) {
                case I32 -> Val.Type.I32;
                case I64 -> Val.Type.I64;
                case F32 -> Val.Type.F32;
                case F64 -> Val.Type.F64;
                case FUNCREF, EXTERNREF -> throw unsupported(types.get(i));
            };
        }
        return out;
    }

    private static CoreLinkException unsupported(CoreValType type) {
        return new CoreLinkException("wasmtime-java 0.19 cannot pass a " + type
                + " value between Java and a guest", null);
    }
}
