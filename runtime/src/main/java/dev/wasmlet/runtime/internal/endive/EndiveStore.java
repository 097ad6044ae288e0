package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreStore;

/** Endive's instances live on the Java heap and go with the garbage collector: one empty store serves all. */
enum EndiveStore implements CoreStore {
    INSTANCE;

    @Override
    public void close() {
        // Nothing to free.
    }
}
