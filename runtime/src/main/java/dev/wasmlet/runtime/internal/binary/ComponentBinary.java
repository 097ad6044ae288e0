package dev.wasmlet.runtime.internal.binary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed component: its definitions in binary order, unresolved (indices, not types). The
 * outermost one comes from {@link ComponentParser#parse}; nested ones are held by
 * {@link Definition.NestedComponent}.
 *
 * <p>The order of {@link #definitions()} is the order of the binary across all sections, which
 * is the order in which the index spaces are built (see {@link Definition} for what each kind
 * appends where). {@link #indexSpace(Sort)} gives the result of that walk, for convenience.
 */
public final class ComponentBinary {
    private final int offset;
    private final int size;
    private final List<Definition> definitions;
    private final List<CustomSection> customSections;
    private final Map<Sort, List<Definition>> spaces;

    ComponentBinary(int offset, int size, List<Definition> definitions, List<CustomSection> customSections) {
        this.offset = offset;
        this.size = size;
        this.definitions = List.copyOf(definitions);
        this.customSections = List.copyOf(customSections);
        Map<Sort, List<Definition>> byIndex = new EnumMap<>(Sort.class);
        for (Sort sort : Sort.values()) {
            byIndex.put(sort, new ArrayList<>());
        }
        for (Definition d : this.definitions) {
            List<Definition> space = byIndex.get(d.sort());
            for (int i = 0; i < d.definedCount(); i++) {
                space.add(d);
            }
        }
        byIndex.replaceAll((sort, list) -> Collections.unmodifiableList(list));
        this.spaces = byIndex;
    }

    /** The absolute offset of this component's preamble in the outermost binary (0 for the outermost). */
    public int offset() {
        return offset;
    }

    /** The size in bytes of this component, preamble included. */
    public int size() {
        return size;
    }

    /** Every definition, in binary order; custom sections are not among them. */
    public List<Definition> definitions() {
        return definitions;
    }

    /** The definitions of one kind, in binary order, e.g. {@code definitions(Canon.Lower.class)}. */
    public <T extends Definition> List<T> definitions(Class<T> kind) {
        return definitions.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The custom sections, in binary order. */
    public List<CustomSection> customSections() {
        return customSections;
    }

    /**
     * The index space {@code sort} of this component once every definition is appended: entry
     * {@code i} is the definition that introduced index {@code i} (an alias, an import, an export,
     * a canon, ...). A {@link Definition.Start} with several results fills several entries.
     */
    public List<Definition> indexSpace(Sort sort) {
        return spaces.get(sort);
    }

    @Override
    public String toString() {
        return "component at offset 0x" + Integer.toHexString(offset) + " (" + size + " bytes, "
                + definitions.size() + " definitions)";
    }
}
