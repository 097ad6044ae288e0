package dev.wasmlet.runtime.types;

import java.util.Objects;

/**
 * A resource crossing the canonical ABI: its type and its representation. For a resource the
 * host implements, {@code rep} indexes the host's own table; for one a guest implements, it is
 * the guest's {@code i32} representation.
 */
public record ResourceValue(ResourceType type, int rep) {
    public ResourceValue {
        Objects.requireNonNull(type, "type");
    }
}
