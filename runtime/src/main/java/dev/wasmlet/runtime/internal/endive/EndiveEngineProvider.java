package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreEngineProvider;
import java.nio.file.Path;
import java.util.Optional;

/** Provides the default engine, {@code endive}. */
public final class EndiveEngineProvider implements CoreEngineProvider {
    @Override
    public String name() {
        return "endive";
    }

    @Override
    public CoreEngine create(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        return new EndiveEngine(cacheDirectory, maxMemoryBytes);
    }
}
