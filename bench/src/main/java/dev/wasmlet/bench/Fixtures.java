package dev.wasmlet.bench;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.handler.Response;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Where the fixtures and the shared compile cache are, and small helpers. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code -Dwasmlet.bench.root=DIR} (default: the working directory or its parent holding guests/). */
    static Path root() {
        String configured = System.getProperty("wasmlet.bench.root");
        if (configured != null) {
            return Path.of(configured);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("guests/fixtures"))) {
                return p;
            }
        }
        throw new IllegalStateException("no guests/fixtures above " + here + "; set -Dwasmlet.bench.root");
    }

    static Path fixture(String name) {
        Path path = root().resolve("guests/fixtures").resolve(name + ".wasm");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing fixture " + path);
        }
        return path;
    }

    /** The engines every benchmark runs on ({@code -p engine=...} picks one). */
    static final String ENDIVE = "endive";
    static final String WASMTIME = "wasmtime";

    /** A runtime on {@code engine} with the default memory cap. */
    static ComponentRuntime runtime(String engine, Optional<Path> cacheDirectory) {
        return ComponentRuntime.withEngine(engine, cacheDirectory, CoreEngine.DEFAULT_MAX_MEMORY_BYTES);
    }

    /** The compile cache the warm benchmarks share (bench/target/jmh-cache). */
    static Optional<Path> sharedCache() {
        return Optional.of(root().resolve("bench/target/jmh-cache"));
    }

    static Request get(String path) {
        return new Request("GET", "http", "localhost", path, Headers.EMPTY, Body.empty());
    }

    /** Reads a response's body to its end and returns its length. */
    static int drain(Response response) throws Exception {
        int[] length = {0};
        CompletableFuture<Void> done = new CompletableFuture<>();
        response.body().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                length[0] += b.remaining();
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(30, TimeUnit.SECONDS);
        if (response.status() != 200 || length[0] != 12) {
            throw new IllegalStateException("unexpected response " + response.status() + ", " + length[0] + " bytes");
        }
        return length[0];
    }
}
