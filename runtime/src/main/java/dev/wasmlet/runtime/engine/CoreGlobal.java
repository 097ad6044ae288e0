package dev.wasmlet.runtime.engine;

/** A core global, passed between instances as it is. */
public non-sealed interface CoreGlobal extends CoreExtern {
    CoreValType type();

    boolean mutable();

    long get();

    void set(long value);
}
