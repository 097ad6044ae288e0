package dev.wasmlet.runtime.types;

/** The component model's primitive value types. */
public enum PrimitiveType implements ValueType {
    BOOL, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, CHAR, STRING;

    /** The name WIT gives this type ({@code u32}, {@code string}). */
    public String witName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return witName();
    }
}
