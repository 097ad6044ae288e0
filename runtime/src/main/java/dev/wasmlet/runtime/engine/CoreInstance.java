package dev.wasmlet.runtime.engine;

/** An instantiated core module. */
public interface CoreInstance {
    /** The export of that name, or null. */
    CoreExtern export(String name);
}
