package dev.wasmlet.runtime.types;

import java.util.List;

/** {@code tuple<T, ...>}. */
public record TupleType(List<ValueType> types) implements ValueType {
    public TupleType {
        types = List.copyOf(types);
    }

    @Override
    public String toString() {
        return "tuple<" + String.join(", ", types.stream().map(Object::toString).toList()) + ">";
    }
}
