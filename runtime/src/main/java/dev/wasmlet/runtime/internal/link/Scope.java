package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.internal.binary.Sort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The index spaces of one scope (a component instance being built, or a component or instance
 * type being resolved), each a list appended to in definition order. A scope sees the scopes
 * around it only through outer aliases ({@link #outer}).
 */
final class Scope {
    private final Scope parent;
    private final Map<Sort, List<Object>> spaces = new EnumMap<>(Sort.class);

    Scope(Scope parent) {
        this.parent = parent;
    }

    void add(Sort sort, Object value) {
        spaces.computeIfAbsent(sort, s -> new ArrayList<>()).add(value);
    }

    /** Entry {@code index} of {@code sort}; the parser checked the index, so a miss is a linker bug. */
    Object get(Sort sort, int index) {
        List<Object> space = spaces.get(sort);
        if (space == null || index < 0 || index >= space.size()) {
            throw new InvalidComponentException(sort.specName() + " index " + index + " is out of range ("
                    + (space == null ? 0 : space.size()) + " defined)");
        }
        return space.get(index);
    }

    <T> T get(Sort sort, int index, Class<T> type, String what) {
        Object value = get(sort, index);
        if (!type.isInstance(value)) {
            throw new InvalidComponentException(sort.specName() + " " + index + " is " + describe(value)
                    + ", where " + what + " is required");
        }
        return type.cast(value);
    }

    /** The scope {@code count} levels out (0 is this one). */
    Scope outer(int count) {
        Scope s = this;
        for (int i = 0; i < count; i++) {
            if (s.parent == null) {
                throw new InvalidComponentException("outer alias reaches " + count + " scopes out, past the outermost");
            }
            s = s.parent;
        }
        return s;
    }

    static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
