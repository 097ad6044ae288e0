package dev.wasmlet.bench;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.handler.Response;
import dev.wasmlet.handler.http.HttpInstance;
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

    static Request post(String path, byte[] body) {
        return new Request("POST", "http", "localhost", path,
                Headers.of("content-length", Integer.toString(body.length)), Body.of(body));
    }

    /**
     * Sends {@code request} to {@code instance} and reads the response body to its end; fails
     * unless the status is 200 and the body {@code expected} bytes long. The guest runs on this
     * thread, so the body is read from the moment the response is set: a body larger than the
     * response buffer would otherwise wait for room forever.
     */
    static int handle(HttpInstance instance, Request request, int expected) throws Exception {
        CompletableFuture<Response> response = new CompletableFuture<>();
        CompletableFuture<Integer> length = response.thenCompose(Fixtures::drain);
        instance.handle(instance.store(), request, response);
        int status = response.get(30, TimeUnit.SECONDS).status();
        int n = length.get(30, TimeUnit.SECONDS);
        if (status != 200 || n != expected) {
            throw new IllegalStateException("unexpected response " + status + ", " + n + " bytes");
        }
        return n;
    }

    /** Reads a response's body to its end; completes with its length. */
    static CompletableFuture<Integer> drain(Response response) {
        int[] length = {0};
        CompletableFuture<Integer> done = new CompletableFuture<>();
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
                done.complete(length[0]);
            }
        });
        return done;
    }
}
