package dev.wasmlet.runtime.types;

import java.util.Objects;

/** {@code list<T>}. */
public record ListType(ValueType element) implements ValueType {
    public ListType {
        Objects.requireNonNull(element, "element");
    }

    /** Whether values of this list are {@code byte[]} rather than a {@link java.util.List}. */
    public boolean isBytes() {
        return element == PrimitiveType.U8 || element == PrimitiveType.S8;
    }

    @Override
    public String toString() {
        return "list<" + element + ">";
    }
}
