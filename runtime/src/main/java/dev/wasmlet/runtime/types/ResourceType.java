package dev.wasmlet.runtime.types;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A resource type. Resource types are generative: two instances of one component define two
 * distinct resource types, so equality is identity, never the name.
 *
 * <p>The destructor, when present, runs with the representation ({@code rep}) of an owned
 * resource whose last handle is dropped.
 */
public final class ResourceType {
    private final String name;
    private final IntConsumer destructor;

    public ResourceType(String name, IntConsumer destructor) {
        this.name = Objects.requireNonNull(name, "name");
        this.destructor = destructor;
    }

    /** The name the resource was declared or imported under, for messages only. */
    public String name() {
        return name;
    }

    /** The destructor, or null when dropping a handle needs no call. */
    public IntConsumer destructor() {
        return destructor;
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
