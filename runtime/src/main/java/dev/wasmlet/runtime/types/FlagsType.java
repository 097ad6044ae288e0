package dev.wasmlet.runtime.types;

import java.util.List;

/** {@code flags { label, ... }}; a value is a {@link java.util.BitSet} indexed by label position. */
public record FlagsType(List<String> labels) implements ValueType {
    public FlagsType {
        labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
        return "flags { " + String.join(", ", labels) + " }";
    }
}
