package dev.wasmlet.handler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An immutable, ordered list of HTTP fields. Names are lower case; values keep their bytes
 * (ISO-8859-1 text, as servlet containers and WIT's {@code field-value} both carry them).
 */
public record Headers(List<Field> fields) {
    /** One field line. */
    public record Field(String name, String value) {
        public Field {
            name = name.toLowerCase(Locale.ROOT);
        }

        public byte[] valueBytes() {
            return value.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    public static final Headers EMPTY = new Headers(List.of());

    public Headers {
        fields = List.copyOf(fields);
    }

    /** Headers from alternating names and values: {@code of("content-type", "text/plain")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Headers(fields);
    }

    /** Every value of {@code name} (case-insensitive), in order. */
    public List<String> all(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f.name().equals(lower)).map(Field::value).toList();
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.get(0);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
