package dev.wasmlet.handler.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.wasi.OutputSink;
import dev.wasmlet.runtime.wasi.WasiContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The route contract of guests/README.md, served through the one-instance path ({@link
 * HttpComponent}, {@link HttpInstance}) with real requests: a {@link Request} in, the {@link
 * Response} and its streamed body out. A subclass names its fixture and the routes it implements;
 * a route it lacks must answer 404. A fresh instance serves each request, on its own thread, while
 * the test thread consumes the body.
 *
 * <p>{@code /hog} runs on a runtime of its own whose engine caps a linear memory at {@link
 * #HOG_CAP}, so that the guest's growth ends there (in the JVM heap) and it traps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FixtureRoutes {
    static final Path FIXTURES = Path.of("../guests/fixtures");
    static final Path CACHE = Path.of("target/wasmlet-cache");

    /** Every route of the contract. */
    static final Set<String> ALL_ROUTES = Set.of("/", "/hello", "/echo", "/status", "/stream", "/trailers",
            "/request-trailers", "/trap", "/noset", "/print", "/env", "/instance-id", "/busy", "/sleep", "/hog",
            "/outbound");

    /** The cap on one linear memory of the runtime /hog runs on. */
    static final long HOG_CAP = 128L << 20;

    /** The bound of the response body buffer of {@link #smallBuffer}. */
    static final int SMALL_BUFFER = 1024;

    private ComponentRuntime runtime;
    private HttpComponent component;
    private HttpComponent smallBuffer;
    private HttpServer target;
    private String targetAuthority;

    /** The fixture's file name in guests/fixtures. */
    abstract String fixture();

    /** The routes the fixture implements (see its README). */
    abstract Set<String> routes();

    /**
     * The most bytes {@code /stream} should be asked for: a fixture that makes its bytes slowly
     * (JavaScript runs interpreted) gets small streams, and is not asked for the 1 MiB default.
     */
    int streamLimit() {
        return 4_000_000;
    }

    @BeforeAll
    void load() throws IOException {
        Path file = FIXTURES.resolve(fixture());
        if (!Files.isRegularFile(file)) {
            fail("fixture " + file.toAbsolutePath().normalize() + " is missing: build it with guests/build.sh");
        }
        runtime = Guests.runtime(Optional.of(CACHE));
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            byte[] body = ("target saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "text/plain");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        targetAuthority = "127.0.0.1:" + target.getAddress().getPort();
        HttpSettings settings = HttpSettings.builder()
                .outboundPolicy(OutboundPolicy.allow(targetAuthority))
                .build();
        component = HttpComponent.load(runtime, file, settings);
        smallBuffer = new HttpComponent(runtime, component.component(),
                HttpSettings.builder().bodyBufferBytes(SMALL_BUFFER).build());
    }

    @AfterAll
    void close() {
        if (target != null) {
            target.stop(0);
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    boolean implemented(String route) {
        return routes().contains(route);
    }

    // ---- serving ----------------------------------------------------------------------------

    /** What serving one request gave. */
    record Served(Response response, byte[] body, Headers trailers, String stdout, String stderr) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        int status() {
            return response.status();
        }

        String header(String name) {
            return response.headers().first(name);
        }
    }

    /** Captures one instance's stdout or stderr, write by write. */
    static final class Capture implements OutputSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> writes = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b) {
            bytes.writeBytes(b);
            writes.add(new String(b, StandardCharsets.UTF_8));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    static Request get(String pathWithQuery) {
        return new Request("GET", "http", "localhost", pathWithQuery, Headers.of("user-agent", "wasmlet-test"),
                Body.empty());
    }

    Served serve(Request request) throws Exception {
        return serve(request, WasiContext.builder(), new Bodies.Collector());
    }

    Served serve(Request request, WasiContext.Builder wasi, Bodies.Collector collector) throws Exception {
        return serve(component, request, wasi, collector);
    }

    /**
     * Serves {@code request} on a fresh instance: the guest runs on its own thread while this
     * thread waits for the response and reads its body with {@code collector}.
     */
    Served serve(HttpComponent on, Request request, WasiContext.Builder wasi, Bodies.Collector collector)
            throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        HttpInstance instance = on.instantiate(wasi.stdout(out).stderr(err).build());
        CompletableFuture<Response> response = new CompletableFuture<>();
        CompletableFuture<Void> guest = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                instance.handle(instance.store(), request, response);
                guest.complete(null);
            } catch (Throwable e) {
                guest.completeExceptionally(e);
            }
        }, "guest " + fixture() + " " + request.pathWithQuery());
        thread.setDaemon(true);
        thread.start();
        CompletableFuture.anyOf(response, guest).get(60, TimeUnit.SECONDS);
        if (!response.isDone()) {
            guest.get(); // throws the trap
            fail("the guest returned without setting a response");
        }
        Response r = response.get();
        r.body().subscribe(collector);
        byte[] body = collector.await();
        Headers trailers = r.body().trailers().toCompletableFuture().get(60, TimeUnit.SECONDS);
        guest.get(60, TimeUnit.SECONDS);
        return new Served(r, body, trailers, out.text(), err.text());
    }

    void assertNotFound(Request request) throws Exception {
        Served s = serve(request);
        assertEquals(404, s.status(), () -> request.pathWithQuery() + " answered " + s.status() + " " + s.text());
    }

    // ---- routes -------------------------------------------------------------------------------

    @Test
    void hello() throws Exception {
        for (String path : List.of("/", "/hello")) {
            Served s = serve(get(path));
            assertEquals(200, s.status(), path);
            assertEquals("Hello, WASI!", s.text(), path);
            assertEquals("text/plain", s.header("content-type"), path);
        }
    }

    @Test
    void unknownRouteIsNotFound() throws Exception {
        assertNotFound(get("/no-such-route"));
    }

    @Test
    void echoStreamsTheRequestBodyBackWithItsDescription() throws Exception {
        Bodies.Fed body = new Bodies.Fed();
        Request request = new Request("POST", "http", "example.com:8080", "/echo?x=1&y=two",
                Headers.of("content-type", "application/octet-stream", "x-custom", "abc", "x-custom", "def",
                        "connection", "keep-alive"), body);
        if (!implemented("/echo")) {
            body.complete(Headers.EMPTY);
            assertNotFound(request);
            return;
        }
        byte[] expected = new byte[200_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 7);
        }
        Thread feeder = new Thread(() -> {
            for (int off = 0; off < expected.length; off += 10_000) {
                body.offer(java.util.Arrays.copyOfRange(expected, off, off + 10_000));
            }
            body.complete(Headers.EMPTY);
        });
        feeder.start();
        Served s = serve(request);
        feeder.join();
        assertEquals(200, s.status());
        assertEquals("POST", s.header("x-method"));
        assertEquals("/echo?x=1&y=two", s.header("x-path-with-query"));
        assertEquals("example.com:8080", s.header("x-authority"));
        assertEquals("http", s.header("x-scheme"));
        assertEquals("application/octet-stream", s.header("x-echo-content-type"));
        // two lines, or one combined line (a JavaScript Headers object joins them)
        assertEquals("abc, def", String.join(", ", s.response().headers().all("x-echo-x-custom")));
        assertEquals(List.of(), s.response().headers().all("x-echo-connection"), "forbidden headers are stripped");
        assertArrayEquals(expected, s.body());
        // on demand: never more than one chunk asked for at a time
        for (Long n : body.requests) {
            assertEquals(1L, n, "the host asked for " + n + " chunks at once");
        }
    }

    @Test
    void echoAuthorityFallsBackToTheHostHeader() throws Exception {
        if (!implemented("/echo")) {
            return;
        }
        Request request = new Request("GET", "https", null, "/echo", Headers.of("host", "from-host-header"),
                Body.empty());
        Served s = serve(request);
        assertEquals("from-host-header", s.header("x-authority"));
        assertEquals("https", s.header("x-scheme"));
        assertEquals(List.of(), s.response().headers().all("x-echo-host"));
        assertEquals(0, s.body().length);
    }

    @Test
    void status() throws Exception {
        if (!implemented("/status")) {
            assertNotFound(get("/status/201"));
            return;
        }
        for (int code : List.of(201, 204, 302, 404, 418, 503)) {
            Served s = serve(get("/status/" + code));
            assertEquals(code, s.status());
            assertEquals(0, s.body().length, "/status/" + code + " body");
        }
    }

    @Test
    void streamWritesTheContractBytes() throws Exception {
        if (!implemented("/stream")) {
            assertNotFound(get("/stream"));
            return;
        }
        int n = Math.min(100_000, streamLimit());
        Served s = serve(get("/stream?n=" + n + "&chunk=777"));
        assertEquals(200, s.status());
        assertArrayEquals(streamBytes(n), s.body());
        if (streamLimit() >= 1_048_576) {
            Served defaults = serve(get("/stream"));
            assertArrayEquals(streamBytes(1_048_576), defaults.body());
        }
    }

    @Test
    void streamToASlowClientIsHeldBackByTheBuffer() throws Exception {
        if (!implemented("/stream")) {
            return;
        }
        // many buffers' worth through a 1 KiB buffer to a client that takes a chunk every 2 ms:
        // the guest must wait for the client, and the bytes arrive intact
        int n = Math.min(64 * SMALL_BUFFER, streamLimit());
        int chunk = Math.max(1, n / 64);
        Bodies.Collector slow = new Bodies.Collector(2);
        Served s = serve(smallBuffer, get("/stream?n=" + n + "&chunk=" + chunk), WasiContext.builder(), slow);
        assertArrayEquals(streamBytes(n), s.body());
        assertTrue(slow.chunks.get() >= n / SMALL_BUFFER, "chunks " + slow.chunks.get());
    }

    static byte[] streamBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void trailers() throws Exception {
        if (!implemented("/trailers")) {
            assertNotFound(get("/trailers"));
            return;
        }
        Served s = serve(get("/trailers"));
        assertEquals(200, s.status());
        assertEquals("trailers", s.text());
        assertEquals("done", s.trailers().first("x-trailer"));
    }

    @Test
    void requestTrailers() throws Exception {
        Bodies.Fed body = new Bodies.Fed();
        Request request = new Request("POST", "http", "localhost", "/request-trailers", Headers.EMPTY, body);
        body.offer("some body".getBytes(StandardCharsets.UTF_8));
        body.complete(Headers.of("x-checksum", "abc123", "x-other", "2"));
        if (!implemented("/request-trailers")) {
            assertNotFound(request);
            return;
        }
        Served s = serve(request);
        assertEquals(200, s.status());
        assertEquals("x-checksum: abc123\nx-other: 2\n", s.text());
    }

    @Test
    void trapFailsTheCall() throws Exception {
        if (!implemented("/trap")) {
            assertNotFound(get("/trap"));
            return;
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> serve(get("/trap")));
        assertTrue(e.getCause() instanceof GuestTrapException || e.getCause() instanceof CoreTrap,
                () -> "expected a trap, got " + e.getCause());
    }

    @Test
    void nosetLeavesTheResponseUnset() throws Exception {
        if (!implemented("/noset")) {
            assertNotFound(get("/noset"));
            return;
        }
        HttpInstance instance = component.instantiate(WasiContext.defaults());
        CompletableFuture<Response> response = new CompletableFuture<>();
        instance.handle(instance.store(), get("/noset"), response);
        assertFalse(response.isDone(), "the guest set no response");
    }

    @Test
    void print() throws Exception {
        if (!implemented("/print")) {
            assertNotFound(get("/print"));
            return;
        }
        Served s = serve(get("/print"));
        assertEquals(200, s.status());
        assertEquals("printed", s.text());
        assertEquals("line one\n\nline three\n", s.stdout());
        assertEquals("error line\n", s.stderr());
    }

    @Test
    void env() throws Exception {
        Request set = new Request("GET", "http", "localhost", "/env", Headers.of("env", "FOO"), Body.empty());
        if (!implemented("/env")) {
            assertNotFound(set);
            return;
        }
        Served s = serve(set, WasiContext.builder().env("FOO", "bar"), new Bodies.Collector());
        assertEquals(200, s.status());
        assertEquals("env: bar", s.text());
        Request unset = new Request("GET", "http", "localhost", "/env", Headers.of("env", "NOT_SET"), Body.empty());
        Served u = serve(unset, WasiContext.builder().env("FOO", "bar"), new Bodies.Collector());
        assertEquals(404, u.status());
        assertEquals("env: unset", u.text());
    }

    @Test
    void instanceId() throws Exception {
        if (!implemented("/instance-id")) {
            assertNotFound(get("/instance-id"));
            return;
        }
        Served s = serve(get("/instance-id"), WasiContext.builder().env("INSTANCE_ID", "7"), new Bodies.Collector());
        assertEquals(200, s.status());
        assertEquals("7", s.text());
    }

    @Test
    void sleep() throws Exception {
        if (!implemented("/sleep")) {
            assertNotFound(get("/sleep?ms=10"));
            return;
        }
        for (String variant : sleepVariants()) {
            long start = System.nanoTime();
            Served s = serve(get("/sleep?ms=300" + variant));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, s.status(), variant);
            assertEquals("slept", s.text(), variant);
            assertTrue(millis >= 300, variant + " slept only " + millis + " ms");
        }
    }

    /** Query suffixes of /sleep to try besides the plain one (a fixture's other ways of waiting). */
    List<String> sleepVariants() {
        return List.of("");
    }

    /** The handler's way: the store is told when its thread will be interrupted, then it is. */
    @Test
    void busyIsStoppedByInterruptingItsThreadAtTheAnnouncedTime() throws Exception {
        if (!implemented("/busy")) {
            assertNotFound(get("/busy"));
            return;
        }
        HttpInstance instance = component.instantiate(WasiContext.defaults());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        instance.store().interruptAt(deadline);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                instance.handle(instance.store(), get("/busy"), new CompletableFuture<>());
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        Thread.sleep(200);
        assertFalse(ended.isDone(), "the busy guest returned");
        TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
        thread.interrupt();
        Throwable e = ended.get(30, TimeUnit.SECONDS);
        assertInstanceOf(CoreInterrupted.class, e);
        instance.close();
    }

    @Test
    void hogGrowsToTheMemoryCapAndTraps() throws Exception {
        if (!implemented("/hog")) {
            assertNotFound(get("/hog"));
            return;
        }
        try (ComponentRuntime capped = Guests.runtime(Optional.of(CACHE), HOG_CAP)) {
            HttpComponent hog = new HttpComponent(capped, capped.load(FIXTURES.resolve(fixture())),
                    HttpSettings.defaults());
            HttpInstance instance = hog.instantiate(WasiContext.defaults());
            long before = instance.memoryBytes();
            CompletableFuture<Response> response = new CompletableFuture<>();
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    instance.handle(instance.store(), get("/hog"), response);
                    ended.complete(null);
                } catch (Throwable e) {
                    ended.complete(e);
                }
            }, "guest " + fixture() + " /hog");
            thread.setDaemon(true);
            thread.start();
            Throwable e = ended.get(120, TimeUnit.SECONDS);
            assertTrue(e instanceof GuestTrapException || e instanceof CoreTrap, () -> "expected a trap, got " + e);
            assertFalse(response.isDone(), "no response before the trap");
            long after = instance.memoryBytes();
            assertTrue(after > before && after >= HOG_CAP / 2,
                    () -> "memory grew from " + before + " to only " + after + " bytes");
        }
    }

    @Test
    void outboundToAnAllowedHost() throws Exception {
        String url = "http://" + targetAuthority + "/hello?from=guest";
        Request request = get("/outbound?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        if (!implemented("/outbound")) {
            assertNotFound(request);
            return;
        }
        Served s = serve(request);
        assertEquals(200, s.status(), s.text());
        assertEquals("200 target saw GET /hello?from=guest", s.text());
        Served missing = serve(get("/outbound?url=" + URLEncoder.encode("http://" + targetAuthority + "/missing",
                StandardCharsets.UTF_8)));
        assertEquals("404 target saw GET /missing", missing.text());
    }

    @Test
    void outboundToADeniedHostFails() throws Exception {
        if (!implemented("/outbound")) {
            return;
        }
        // allowed is 127.0.0.1 on the target's port only
        String url = "http://localhost:" + target.getAddress().getPort() + "/";
        Served s = serve(get("/outbound?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)));
        assertEquals(502, s.status(), s.text());
        assertDeniedText(s.text());
    }

    /** What the fixture writes for a request that failed with {@code HTTP-request-denied}. */
    void assertDeniedText(String text) {
        assertEquals("HTTP-request-denied", text);
    }

    /** The response arrives before the guest finishes writing: the body streams, bounded by its buffer. */
    @Test
    void responseArrivesWhileTheBodyIsStillBeingWritten() throws Exception {
        if (!implemented("/stream")) {
            return;
        }
        int n = Math.min(64 * SMALL_BUFFER, streamLimit());
        HttpInstance instance = smallBuffer.instantiate(WasiContext.defaults());
        CompletableFuture<Response> response = new CompletableFuture<>();
        CompletableFuture<Void> guest = CompletableFuture.runAsync(
                () -> instance.handle(instance.store(), get("/stream?n=" + n + "&chunk=512"), response));
        Response r = response.get(60, TimeUnit.SECONDS);
        // nobody reads yet: the guest is held at the buffer bound, unfinished
        Thread.sleep(300);
        assertFalse(guest.isDone(),
                "the guest wrote " + n + " bytes into a " + SMALL_BUFFER + "-byte buffer without a reader");
        Bodies.Collector c = new Bodies.Collector();
        r.body().subscribe(c);
        assertArrayEquals(streamBytes(n), c.await());
        guest.get(60, TimeUnit.SECONDS);
        assertNotNull(r.body().trailers().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
}
