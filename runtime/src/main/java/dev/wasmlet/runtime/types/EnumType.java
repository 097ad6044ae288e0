package dev.wasmlet.runtime.types;

import java.util.List;

/** {@code enum { label, ... }}; a value is the case index as an {@link Integer}. */
public record EnumType(List<String> labels) implements ValueType {
    public EnumType {
        labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
        return "enum { " + String.join(", ", labels) + " }";
    }
}
