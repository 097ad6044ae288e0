package dev.wasmlet.runtime.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes the engine of one name; found with {@link java.util.ServiceLoader}, so that an engine
 * module on the class path is all it takes to select it by name.
 */
public interface CoreEngineProvider {
    /** The engine's configuration name, as {@link CoreEngine#name()}. */
    String name();

    /**
     * A new engine.
     *
     * @param cacheDirectory where compiled modules are kept across restarts, or empty for none
     * @param maxMemoryBytes the most one linear memory may grow to
     * @throws IllegalStateException when the engine cannot run here (a native library that does
     *     not load on this platform), with the reason
     */
    CoreEngine create(Optional<Path> cacheDirectory, long maxMemoryBytes);
}
