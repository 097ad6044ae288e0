package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.engine.CoreEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The real guest fixtures of {@code guests/fixtures}, loaded once per test JVM. */
final class Guests {
    /**
     * The engine the tests run on: system property {@code wasmlet.test.engine}, {@code endive}
     * when unset. The {@code engine-wasmtime} module runs this suite again with {@code wasmtime}.
     */
    static final String ENGINE = System.getProperty("wasmlet.test.engine", "endive");
    private static final ComponentRuntime RUNTIME = runtime(
            Optional.ofNullable(System.getProperty("wasmlet.test.cacheDirectory")).map(Path::of));
    private static final Map<String, HttpComponent> LOADED = new ConcurrentHashMap<>();

    private Guests() {
    }

    /** The fixture {@code name}; fails (never skips) when it is missing. */
    static Path path(String name) {
        Path path = Path.of("..", "guests", "fixtures", name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("guest fixture " + path.toAbsolutePath() + " is missing: run guests/build.sh");
        }
        return path;
    }

    /** A runtime on the engine of the tests. */
    static ComponentRuntime runtime(Optional<Path> cacheDirectory) {
        return runtime(cacheDirectory, CoreEngine.DEFAULT_MAX_MEMORY_BYTES);
    }

    static ComponentRuntime runtime(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        return ComponentRuntime.withEngine(ENGINE, cacheDirectory, maxMemoryBytes);
    }

    static HttpComponent component(String name) {
        return LOADED.computeIfAbsent(name, n -> HttpComponent.load(RUNTIME, path(n), HttpSettings.defaults()));
    }

    static Request get(String path, String... headers) {
        return new Request("GET", "http", "localhost", path, Headers.of(headers), Body.empty());
    }

    /** Reads a response body to its end. */
    static String text(Response response) throws Exception {
        return new String(Bodies.Collector.of(response.body()).done.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }
}
