package dev.wasmlet.runtime.internal.binary;

/**
 * The thirteen index spaces of a component (Explainer.md "Index Spaces"): eight core sorts and
 * five component sorts. Every {@link Definition} appends to exactly one of them (see
 * {@link Definition#sort()}), and every {@link SortIdx} indexes one of them.
 */
public enum Sort {
    /** {@code core func}: core functions. */
    CORE_FUNC("core func", true),
    /** {@code core table}. */
    CORE_TABLE("core table", true),
    /** {@code core memory}. */
    CORE_MEMORY("core memory", true),
    /** {@code core global}. */
    CORE_GLOBAL("core global", true),
    /** {@code core tag} (exception handling). */
    CORE_TAG("core tag", true),
    /** {@code core type}: core function types and core module types. */
    CORE_TYPE("core type", true),
    /** {@code core module}. */
    CORE_MODULE("core module", true),
    /** {@code core instance}: core module instances. */
    CORE_INSTANCE("core instance", true),
    /** {@code func}: component functions. */
    FUNC("func", false),
    /** {@code value} (🪙, component values). */
    VALUE("value", false),
    /** {@code type}: component types (value, function, component, instance and resource types). */
    TYPE("type", false),
    /** {@code component}. */
    COMPONENT("component", false),
    /** {@code instance}: component instances. */
    INSTANCE("instance", false);

    private final String specName;
    private final boolean core;

    Sort(String specName, boolean core) {
        this.specName = specName;
        this.core = core;
    }

    /** The sort as the text format spells it, e.g. {@code core func} or {@code instance}. */
    public String specName() {
        return specName;
    }

    /** Whether this is one of the eight core sorts. */
    public boolean isCore() {
        return core;
    }

    @Override
    public String toString() {
        return specName;
    }
}
