package dev.wasmlet.runtime.host;

import java.util.Map;

/**
 * The host state of one component instance: its resource table and the contexts the host
 * interfaces read (the WASI context, the HTTP context). Confined to the thread that runs the
 * instance.
 */
public final class Store {
    /** {@link #interruptDeadline()} when no interruption is planned. */
    public static final long NO_INTERRUPT = Long.MAX_VALUE;

    private final ResourceTable resources = new ResourceTable();
    private final Map<Class<?>, Object> contexts;
    private volatile long interruptDeadline = NO_INTERRUPT;

    /** @param contexts the host contexts by type, for {@link #context(Class)} */
    public Store(Map<Class<?>, Object> contexts) {
        this.contexts = Map.copyOf(contexts);
    }

    public ResourceTable resources() {
        return resources;
    }

    /**
     * Announces that the thread running this store's guest will be {@linkplain Thread#interrupt()
     * interrupted} at {@code nanoTime} ({@link System#nanoTime()}), or no longer will be ({@link
     * #NO_INTERRUPT}). May be called from any thread. An engine that cannot observe an interrupt
     * while guest code runs (Wasmtime) stops guest code at this time instead; it reads the value
     * when guest code is entered and whenever a host function returns to it.
     */
    public void interruptAt(long nanoTime) {
        interruptDeadline = nanoTime;
    }

    /** The time set by {@link #interruptAt}, or {@link #NO_INTERRUPT}. */
    public long interruptDeadline() {
        return interruptDeadline;
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
