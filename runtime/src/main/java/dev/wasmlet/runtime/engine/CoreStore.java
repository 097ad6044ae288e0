package dev.wasmlet.runtime.engine;

/**
 * Where the core instances of one component instance live: every core instance, memory, table,
 * global and bound host function of that component instance belongs to one store, and items
 * of two stores never meet. Made by {@link CoreEngine#newStore}; used by one thread at a time.
 */
public interface CoreStore extends AutoCloseable {
    /**
     * Frees what the engine holds for the store (for Wasmtime, its native store and linear
     * memories). Its instances, memories and functions cannot be used afterwards. Idempotent.
     */
    @Override
    void close();
}
