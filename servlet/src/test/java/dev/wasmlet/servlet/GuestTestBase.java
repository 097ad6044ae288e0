package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.PoolStatistics;
import dev.wasmlet.handler.ProxyHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the servlet suites share: one embedded container per test (Jetty 12 ee10 or Tomcat 11, on
 * a loopback port) serving one {@link Guest}, an HTTP client, and waits on the pool's statistics.
 * Subclasses are {@code @ParameterizedClass}es over {@link #matrix}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class GuestTestBase {
    /** A request id, as error bodies and logs show it. */
    static final String ID = "[0-9a-f]{12}";

    @Parameter(0)
    String containerName;
    @Parameter(1)
    Guest guest;

    ServletContainer container;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Every container with every one of {@code guests}. */
    static Stream<Arguments> matrix(Guest... guests) {
        return Stream.of("jetty", "tomcat").flatMap(c -> Arrays.stream(guests).map(g -> Arguments.of(c, g)));
    }

    @BeforeEach
    void setUp() {
        RecordingListener.FAILURES.clear();
        RecordingListener.factory = null;
        container = ServletContainer.of(containerName);
    }

    @AfterEach
    void tearDown() throws Exception {
        container.stop();
    }

    /** The default application: one pool of the guest, no spares, the servlet on /*. */
    void start(Consumer<ServletContainer> configure) throws Exception {
        guest.configure(container);
        container.param("warmInstances", "0");
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        configure.accept(container);
        startConfigured();
    }

    void start() throws Exception {
        start(c -> {
        });
    }

    /** Starts the container as configured; fails when the context does not come up. */
    void startConfigured() throws Exception {
        assertTrue(container.start(), () -> "the context did not start: " + RecordingListener.FAILURES);
    }

    @SuppressWarnings("unchecked")
    ProxyHandler<RequestContext> pool(String name) {
        return (ProxyHandler<RequestContext>) container.servletContext()
                .getAttribute(WasmPoolListener.POOL_ATTRIBUTE_PREFIX + name);
    }

    ProxyHandler<RequestContext> pool() {
        return pool("default");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + container.port() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Asserts an error answer: {@code status} and one {@code text/plain} line, {@code message}
     * and the request id. Returns the id.
     */
    static String assertError(int status, String message, HttpResponse<String> r) {
        return assertError(status, message, r.statusCode(), r.headers().firstValue("content-type").orElse(null),
                r.body());
    }

    static String assertError(int status, String message, RawHttp.Reply r) {
        return assertError(status, message, r.status(), r.header("content-type"), r.text());
    }

    private static String assertError(int status, String message, int actualStatus, String contentType,
                                      String body) {
        assertEquals(status, actualStatus, body);
        assertTrue(contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/plain"), contentType);
        Matcher m = Pattern.compile(Pattern.quote(message) + " \\(request (" + ID + ")\\)\n").matcher(body);
        assertTrue(m.matches(), body);
        return m.group(1);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    void awaitNoBusyInstance() throws InterruptedException {
        await("no instance is busy", () -> pool().statistics().busy() == 0);
    }

    /** Waits until every instance is idle or gone: none is leaked, none between a request and the next. */
    void awaitSettled() throws InterruptedException {
        await("every instance is idle or gone", () -> {
            PoolStatistics.Snapshot s = pool().statistics();
            return s.busy() == 0 && s.live() == s.idle();
        });
    }

    /** An upload that trickles: at most {@code max} bytes per read, a pause every {@code every} reads. */
    static final class SlowInput extends InputStream {
        private final ByteArrayInputStream data;
        private final int max;
        private final int every;
        private int reads;

        SlowInput(byte[] data, int max, int every) {
            this.data = new ByteArrayInputStream(data);
            this.max = max;
            this.every = every;
        }

        @Override
        public int read() {
            return data.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (++reads % every == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            return data.read(b, off, Math.min(len, max));
        }
    }
}
