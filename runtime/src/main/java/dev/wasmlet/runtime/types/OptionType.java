package dev.wasmlet.runtime.types;

import java.util.Objects;

/** {@code option<T>}; a value is a {@link java.util.Optional}. */
public record OptionType(ValueType type) implements ValueType {
    public OptionType {
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return "option<" + type + ">";
    }
}
