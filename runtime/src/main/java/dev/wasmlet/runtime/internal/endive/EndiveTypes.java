package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreLinkException;
import dev.wasmlet.runtime.engine.CoreValType;
import java.util.ArrayList;
import java.util.List;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/** Conversions between the engine SPI's types and Endive's. */
final class EndiveTypes {
    private EndiveTypes() {
    }

    static CoreFuncType toCore(FunctionType type) {
        return new CoreFuncType(toCore(type.params()), toCore(type.returns()));
    }

    static FunctionType toEndive(CoreFuncType type) {
        return FunctionType.of(toEndive(type.params()), toEndive(type.results()));
    }

    private static List<CoreValType> toCore(List<ValType> types) {
        List<CoreValType> out = new ArrayList<>(types.size());
        for (ValType t : types) {
            out.add(toCore(t));
        }
        return out;
    }

    private static List<ValType> toEndive(List<CoreValType> types) {
        List<ValType> out = new ArrayList<>(types.size());
        for (CoreValType t : types) {
            out.add(switch (t) {
                case I32 -> ValType.I32;
                case I64 -> ValType.I64;
                case F32 -> ValType.F32;
                case F64 -> ValType.F64;
                case FUNCREF -> ValType.FuncRef;
                case EXTERNREF -> ValType.ExternRef;
            });
        }
        return out;
    }

    static CoreValType toCore(ValType t) {
        if (t.equals(ValType.I32)) {
            return CoreValType.I32;
        } else if (t.equals(ValType.I64)) {
            return CoreValType.I64;
        } else if (t.equals(ValType.F32)) {
            return CoreValType.F32;
        } else if (t.equals(ValType.F64)) {
            return CoreValType.F64;
        } else if (t.equals(ValType.FuncRef)) {
            return CoreValType.FUNCREF;
        } else if (t.equals(ValType.ExternRef)) {
            return CoreValType.EXTERNREF;
        }
        throw new CoreLinkException("core value type " + t + " is not supported at a component boundary", null);
    }
}
