package dev.wasmlet.servlet;

import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.engine.CoreEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A guest the servlet suites serve: the Java guests of {@link FakeGuests}, or a real component of
 * {@code guests/fixtures}. All of them answer by the route contract of {@code guests/README.md}
 * (each real one a subset, as its README says).
 */
enum Guest {
    FAKE(null),
    C_FREESTANDING("c-freestanding.wasm"),
    RUST("rust.wasm"),
    JS("js-0.2.10.wasm");

    /**
     * One factory for the test JVM, on one runtime that keeps its compiled components, so each
     * fixture is compiled (or read from the shared compile cache) once, however many containers
     * start it.
     */
    private static final ComponentProxyHandlerFactory REAL = new ComponentProxyHandlerFactory(
            ComponentRuntime.withEngine("endive",
                    Optional.ofNullable(System.getProperty("wasmlet.test.cacheDirectory")).map(Path::of),
                    CoreEngine.DEFAULT_MAX_MEMORY_BYTES));

    private final String fixture;

    Guest(String fixture) {
        this.fixture = fixture;
    }

    /** The component's file name, as the pool names it. */
    String fileName() {
        return fixture != null ? fixture : "fake.wasm";
    }

    /** Sets the context-params that serve this guest, and the factory the next listener uses. */
    void configure(ServletContainer container) {
        if (fixture == null) {
            RecordingListener.factory = null; // ServiceLoader finds FakeGuests
            container.param("component", "classpath:fake.wasm");
            return;
        }
        Path path = Path.of("..", "guests", "fixtures", fixture).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("guest fixture " + path + " is missing: run guests/build.sh");
        }
        RecordingListener.factory = REAL;
        container.param("component", path.toString());
    }

    @Override
    public String toString() {
        return fixture != null ? fixture : "fake";
    }
}
