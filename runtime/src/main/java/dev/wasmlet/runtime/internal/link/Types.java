package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.internal.binary.DefType;
import dev.wasmlet.runtime.internal.binary.PrimValType;
import dev.wasmlet.runtime.internal.binary.Sort;
import dev.wasmlet.runtime.internal.binary.ValType;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.EnumType;
import dev.wasmlet.runtime.types.FlagsType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;

/** Resolves the parser's index-based types into {@link ValueType}s and {@link FuncType}s. */
final class Types {
    private Types() {
    }

    /** A defined value type or function type, with its type indices looked up in {@code scope}. */
    static Object resolve(DefType type, Scope scope) {
        if (type instanceof DefType.FuncType f) {
            return function(f, scope);
        }
        if (type instanceof DefType.DefValType v) {
            return value(v, scope);
        }
        throw new InvalidComponentException("type " + type + " is not a value or function type");
    }

    static FuncType function(DefType.FuncType f, Scope scope) {
        if (f.async()) {
            throw new InvalidComponentException("async function types are WASI 0.3, which is not supported yet");
        }
        return new FuncType(
                f.params().stream().map(p -> new FuncType.Param(p.label(), value(p.type(), scope))).toList(),
                f.results().types().stream().map(t -> value(t, scope)).toList());
    }

    static ValueType value(ValType type, Scope scope) {
        if (type instanceof PrimValType p) {
            return primitive(p);
        }
        int index = ((ValType.TypeIndex) type).index();
        return scope.get(Sort.TYPE, index, ValueType.class, "a value type");
    }

    private static ValueType value(DefType.DefValType type, Scope scope) {
        if (type instanceof DefType.PrimitiveType p) {
            return primitive(p.type());
        } else if (type instanceof DefType.RecordType r) {
            return new RecordType(r.fields().stream()
                    .map(f -> new RecordType.Field(f.label(), value(f.type(), scope))).toList());
        } else if (type instanceof DefType.VariantType v) {
            return new VariantType(v.cases().stream()
                    .map(c -> new VariantType.Case(c.label(), c.type().map(t -> value(t, scope)).orElse(null)))
                    .toList());
        } else if (type instanceof DefType.ListType l) {
            return new ListType(value(l.element(), scope));
        } else if (type instanceof DefType.TupleType t) {
            return new TupleType(t.elements().stream().map(e -> value(e, scope)).toList());
        } else if (type instanceof DefType.FlagsType f) {
            return new FlagsType(f.labels());
        } else if (type instanceof DefType.EnumType e) {
            return new EnumType(e.labels());
        } else if (type instanceof DefType.OptionType o) {
            return new OptionType(value(o.type(), scope));
        } else if (type instanceof DefType.ResultType r) {
            return new ResultType(r.ok().map(t -> value(t, scope)).orElse(null),
                    r.error().map(t -> value(t, scope)).orElse(null));
        } else if (type instanceof DefType.OwnType o) {
            return new OwnType(scope.get(Sort.TYPE, o.resource(), ResourceType.class, "a resource type"));
        } else if (type instanceof DefType.BorrowType b) {
            return new BorrowType(scope.get(Sort.TYPE, b.resource(), ResourceType.class, "a resource type"));
        }
        throw new InvalidComponentException("value type " + type + " is not supported yet");
    }

    private static PrimitiveType primitive(PrimValType p) {
        return switch (p) {
            case BOOL -> PrimitiveType.BOOL;
            case S8 -> PrimitiveType.S8;
            case U8 -> PrimitiveType.U8;
            case S16 -> PrimitiveType.S16;
            case U16 -> PrimitiveType.U16;
            case S32 -> PrimitiveType.S32;
            case U32 -> PrimitiveType.U32;
            case S64 -> PrimitiveType.S64;
            case U64 -> PrimitiveType.U64;
            case F32 -> PrimitiveType.F32;
            case F64 -> PrimitiveType.F64;
            case CHAR -> PrimitiveType.CHAR;
            case STRING -> PrimitiveType.STRING;
            case ERROR_CONTEXT -> throw new InvalidComponentException(
                    "error-context is WASI 0.3, which is not supported yet");
        };
    }
}
