package dev.wasmlet.runtime;

import dev.wasmlet.runtime.engine.CoreEngine;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine the tests run on: system property {@code wasmlet.test.engine}, {@code endive} when
 * unset. The {@code engine-wasmtime} module runs these suites again with {@code wasmtime}.
 */
public final class TestEngines {
    public static final String ENGINE = System.getProperty("wasmlet.test.engine", "endive");

    private TestEngines() {
    }

    public static ComponentRuntime runtime(Optional<Path> cacheDirectory) {
        return runtime(cacheDirectory, CoreEngine.DEFAULT_MAX_MEMORY_BYTES);
    }

    public static ComponentRuntime runtime(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        return ComponentRuntime.withEngine(ENGINE, cacheDirectory, maxMemoryBytes);
    }
}
