package dev.wasmlet.runtime.types;

import java.util.List;

/** {@code record { name: type, ... }}: at least one field. */
public record RecordType(List<Field> fields) implements ValueType {
    /** One named field of a record. */
    public record Field(String name, ValueType type) {
    }

    public RecordType {
        fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("record {");
        for (Field f : fields) {
            s.append(' ').append(f.name()).append(": ").append(f.type()).append(',');
        }
        return s.append(" }").toString();
    }
}
