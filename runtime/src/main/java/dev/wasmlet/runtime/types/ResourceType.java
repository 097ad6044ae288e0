package dev.wasmlet.runtime.types;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A resource type. Resource types are generative: two instances of one component define two
 * distinct resource types, so equality is identity, never the name.
 *
 * <p>The destructor, when present, runs with the representation ({@code rep}) of an owned
 * resource whose last handle is dropped.
 *
 * <p>A {@linkplain #host host} resource type is the exception: it stands for a resource the host
 * implements, is made once per linked component and shared by all its instances (as Wasmtime's
 * host resource types are), and the rep of its handles is an index into the dropping instance's
 * own {@code Store}, where the host object is released.
 */
public final class ResourceType {
    private final String name;
    private final IntConsumer destructor;
    private final boolean host;

    public ResourceType(String name, IntConsumer destructor) {
        this(name, destructor, false);
    }

    private ResourceType(String name, IntConsumer destructor, boolean host) {
        this.name = Objects.requireNonNull(name, "name");
        this.destructor = destructor;
        this.host = host;
    }

    /** A resource type the host implements (see the class comment). */
    public static ResourceType host(String name) {
        return new ResourceType(name, null, true);
    }

    /** Whether the host implements this type: dropping its last handle releases a host object. */
    public boolean isHost() {
        return host;
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
