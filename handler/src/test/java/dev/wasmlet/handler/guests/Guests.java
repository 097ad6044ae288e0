package dev.wasmlet.handler.guests;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.handler.http.HttpComponent;
import dev.wasmlet.handler.http.HttpSettings;
import dev.wasmlet.runtime.ComponentRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** The real guest fixtures of {@code guests/fixtures}, loaded once per test JVM. */
public final class Guests {
    private static final ComponentRuntime RUNTIME = ComponentRuntime.withDefaultEngine(
            Optional.ofNullable(System.getProperty("wasmlet.test.cacheDirectory")).map(Path::of));
    private static final Map<String, HttpComponent> LOADED = new ConcurrentHashMap<>();

    private Guests() {
    }

    /** The fixture {@code name}; fails (never skips) when it is missing. */
    public static Path path(String name) {
        Path path = Path.of("..", "guests", "fixtures", name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("guest fixture " + path.toAbsolutePath() + " is missing: run guests/build.sh");
        }
        return path;
    }

    public static HttpComponent component(String name) {
        return LOADED.computeIfAbsent(name, n -> HttpComponent.load(RUNTIME, path(n), HttpSettings.defaults()));
    }

    public static Request get(String path, String... headers) {
        return new Request("GET", "http", "localhost", path, Headers.of(headers), Body.empty());
    }

    public static Request post(String path, byte[] body, String... headers) {
        return new Request("POST", "http", "localhost", path, Headers.of(headers), Body.of(body));
    }

    /** Reads a response body to its end. */
    public static String text(Response response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        response.body().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.write(bytes, 0, bytes.length);
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
        return out.toString(StandardCharsets.UTF_8);
    }
}
