package dev.wasmlet.runtime.types;

import java.util.List;

/** {@code variant { case(type), case, ... }}: at least one case. */
public record VariantType(List<Case> cases) implements ValueType {
    /** One case; {@code type} is null for a case without payload. */
    public record Case(String name, ValueType type) {
    }

    public VariantType {
        cases = List.copyOf(cases);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("variant {");
        for (Case c : cases) {
            s.append(' ').append(c.name());
            if (c.type() != null) {
                s.append('(').append(c.type()).append(')');
            }
            s.append(',');
        }
        return s.append(" }").toString();
    }
}
