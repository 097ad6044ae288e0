package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreEngineProvider;
import java.nio.file.Path;
import java.util.Optional;

/** Provides the engine {@code wasmtime}: native Wasmtime through wasmtime-java. */
public final class WasmtimeEngineProvider implements CoreEngineProvider {
    @Override
    public String name() {
        return "wasmtime";
    }

    @Override
    public CoreEngine create(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        return new WasmtimeEngine(cacheDirectory, maxMemoryBytes);
    }
}
