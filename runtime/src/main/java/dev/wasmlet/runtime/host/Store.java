package dev.wasmlet.runtime.host;

import java.util.Map;

/**
 * The host state of one component instance: its resource table and the contexts the host
 * interfaces read (the WASI context, the HTTP context). Confined to the thread that runs the
 * instance.
 */
public final class Store {
    private final ResourceTable resources = new ResourceTable();
    private final Map<Class<?>, Object> contexts;

    /** @param contexts the host contexts by type, for {@link #context(Class)} */
    public Store(Map<Class<?>, Object> contexts) {
        this.contexts = Map.copyOf(contexts);
    }

    public ResourceTable resources() {
        return resources;
    }

    /** The context of {@code type}; fails when the store was made without one. */
    public <T> T context(Class<T> type) {
        Object value = contexts.get(type);
        if (value == null) {
            throw new IllegalStateException("this store has no " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
