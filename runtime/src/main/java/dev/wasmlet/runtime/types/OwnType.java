package dev.wasmlet.runtime.types;

import java.util.Objects;

/** {@code own<R>}: a handle whose ownership moves with the value. */
public record OwnType(ResourceType resource) implements ValueType {
    public OwnType {
        Objects.requireNonNull(resource, "resource");
    }

    @Override
    public String toString() {
        return "own<" + resource.name() + ">";
    }
}
