package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.GuestTrapException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data behind a {@code fields} resource: field lines in order, names in lower case, values as
 * bytes, with a running size held under a limit. The size counts each distinct name once and each
 * value, plus a fixed cost per name and per value ({@link #NAME_COST}, {@link #VALUE_COST}) so
 * that empty values count too, as Wasmtime's {@code FieldMap} accounts. Not thread-safe: used on
 * the guest thread, or shared read-only.
 */
final class FieldMap {
    /** What a distinct name costs beyond its length (the size of Wasmtime's {@code HeaderName}). */
    static final int NAME_COST = 32;
    /** What a value costs beyond its length (the size of Wasmtime's {@code HeaderValue}). */
    static final int VALUE_COST = 40;

    private final int limit;
    private final List<String> names;
    private final List<byte[]> values;
    private long size;

    FieldMap(int limit) {
        this.limit = limit;
        this.names = new ArrayList<>();
        this.values = new ArrayList<>();
    }

    private FieldMap(FieldMap other) {
        this.limit = other.limit;
        this.names = new ArrayList<>(other.names);
        this.values = new ArrayList<>(other.values);
        this.size = other.size;
    }

    int limit() {
        return limit;
    }

    long size() {
        return size;
    }

    int count() {
        return names.size();
    }

    String name(int i) {
        return names.get(i);
    }

    byte[] value(int i) {
        return values.get(i);
    }

    FieldMap copy() {
        return new FieldMap(this);
    }

    boolean has(String lowerName) {
        return names.contains(lowerName);
    }

    List<byte[]> get(String lowerName) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(lowerName)) {
                out.add(values.get(i).clone());
            }
        }
        return out;
    }

    /** The first value of {@code lowerName}, or null. */
    byte[] first(String lowerName) {
        int i = names.indexOf(lowerName);
        return i < 0 ? null : values.get(i);
    }

    void removeAll(String lowerName) {
        boolean found = false;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equals(lowerName)) {
                size -= values.get(i).length + VALUE_COST;
                names.remove(i);
                values.remove(i);
                found = true;
            }
        }
        if (found) {
            size -= lowerName.length() + NAME_COST;
        }
    }

    /**
     * Appends a field line.
     *
     * @throws GuestTrapException when the fields would grow past the limit: Wasmtime traps the
     *     guest there, since {@code header-error} has no case for it
     */
    void append(String lowerName, byte[] value) {
        long grown = size + value.length + VALUE_COST
                + (names.contains(lowerName) ? 0 : lowerName.length() + NAME_COST);
        if (grown > limit) {
            throw new GuestTrapException("field size limit " + limit + " exceeded: " + grown);
        }
        appendUnchecked(lowerName, value);
    }

    /** Appends without the limit: for fields that come from the host (incoming requests, responses). */
    void appendUnchecked(String lowerName, byte[] value) {
        if (!names.contains(lowerName)) {
            size += lowerName.length() + NAME_COST;
        }
        size += value.length + VALUE_COST;
        names.add(lowerName);
        values.add(value);
    }
}
