package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.HandlerClosedError;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.PoolStatistics;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.Request;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servlet over real HTTP on loopback, once in embedded Jetty 12 (ee10) and once in embedded
 * Tomcat 11, with the Java guests of {@link FakeGuests}.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServletSuiteTest {
    private static final String ID = "[0-9a-f]{12}";
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Parameter
    String containerName;

    private ServletContainer container;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        FakeGuests.reset();
        RecordingListener.FAILURES.clear();
        container = ServletContainer.of(containerName);
    }

    @AfterEach
    void tearDown() throws Exception {
        container.stop();
    }

    /** The default application: one pool of the fake component, no spares, the servlet on /*. */
    private void start(Consumer<ServletContainer> configure) throws Exception {
        container.param("component", "classpath:fake.wasm").param("warmInstances", "0");
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        configure.accept(container);
        assertTrue(container.start(), () -> "the context did not start: " + RecordingListener.FAILURES);
    }

    private void start() throws Exception {
        start(c -> {
        });
    }

    @SuppressWarnings("unchecked")
    private ProxyHandler<RequestContext> pool(String name) {
        return (ProxyHandler<RequestContext>) container.servletContext()
                .getAttribute(WasmPoolListener.POOL_ATTRIBUTE_PREFIX + name);
    }

    private ProxyHandler<RequestContext> pool() {
        return pool("default");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + container.port() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private void awaitNoBusyInstance() throws InterruptedException {
        await("no instance is busy", () -> pool().statistics().busy() == 0);
    }

    /** Waits until every instance is idle or gone: none is between a request and the next. */
    private void awaitSettled() throws InterruptedException {
        await("every instance is idle or gone", () -> {
            PoolStatistics.Snapshot s = pool().statistics();
            return s.busy() == 0 && s.live() == s.idle();
        });
    }

    // ---------------------------------------------------------------- requests and responses

    @Test
    void helloOverKeepAliveConnections() throws Exception {
        start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get("/hello");
            assertEquals(200, r.statusCode());
            assertEquals("Hello, WASI!", r.body());
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertTrue(id.matches(ID), id);
            ids.add(id);
        }
        assertEquals(5, ids.stream().distinct().count(), "request ids are unique: " + ids);
        assertEquals(5, pool().statistics().requests());
    }

    @Test
    void requestReachesTheGuestAsSentWithConfiguredHeadersReplaced() throws Exception {
        start(c -> c.param("headers", "env: FOO\nx-added: yes"));
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /p%20q/inspect?x=1&y=a%2Fb HTTP/1.1", "Host: localhost", "X-Foo: bar", "Env: BAR",
                    "Connection: close");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            String seen = reply.text();
            assertTrue(seen.contains("method: GET\n"), seen);
            assertTrue(seen.contains("scheme: http\n"), seen);
            assertTrue(seen.contains("authority: localhost\n"), seen);
            assertTrue(seen.contains("path: /p%20q/inspect?x=1&y=a%2Fb\n"), seen);
            assertTrue(seen.toLowerCase().contains("header x-foo: bar\n"), seen);
            assertTrue(seen.contains("header env: FOO\n"), seen);
            assertTrue(seen.contains("header x-added: yes\n"), seen);
            assertFalse(seen.contains("BAR"), seen);
            assertTrue(seen.contains("pool: default\n"), seen);
        }
    }

    @Test
    void echoesASmallBody() throws Exception {
        start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello, guest")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("hello, guest", r.body());
        awaitNoBusyInstance();
    }

    @Test
    void oneMebibyteUpAndDownInSmallChunksWithASlowWriterAndASlowReader() throws Exception {
        start();
        byte[] data = FakeGuests.pattern(0, 1 << 20);
        HttpRequest request = HttpRequest.newBuilder(uri("/echo")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowInput(data, 1000, 16))).build();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        byte[] received;
        try (InputStream in = r.body()) {
            var out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int reads = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                if (++reads % 8 == 0) {
                    Thread.sleep(1); // a slow reader
                }
            }
            received = out.toByteArray();
        }
        assertEquals(data.length, received.length);
        assertArrayEquals(data, received);
        awaitNoBusyInstance();
    }

    @Test
    void twentyConcurrentClientsFiveEchoesEach() throws Exception {
        start();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    byte[] data = FakeGuests.pattern(client * 1_000_003L + i, 64 * 1024 + client);
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/echo"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        assertEquals(200, r.statusCode());
                        assertArrayEquals(data, r.body());
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertEquals(100, pool().statistics().requests());
        awaitNoBusyInstance();
    }

    @Test
    void aClientThatStopsReadingStopsTheUploadInsteadOfBeingBuffered() throws Exception {
        start(c -> c.param("maxRequestBodySize", "0"));
        long total = 256L << 20;
        AtomicLong sent = new AtomicLong();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.socket.setSendBufferSize(64 * 1024);
            raw.socket.setReceiveBufferSize(64 * 1024);
            raw.head("POST /echo HTTP/1.1", "Host: localhost", "Content-Length: " + total);
            Thread writer = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    while (sent.get() < total) {
                        raw.out.write(block);
                        sent.addAndGet(block.length);
                    }
                } catch (IOException e) {
                    // the socket was closed under it
                }
            });
            writer.setDaemon(true);
            writer.start();
            // The echo guest can only write what the client reads; the client reads nothing.
            long before;
            long after = sent.get();
            do {
                before = after;
                Thread.sleep(500);
                after = sent.get();
            } while (after != before);
            assertTrue(after < 64L << 20, "the upload stalled after " + after + " bytes, not " + total);
            System.out.println(containerName + ": the upload stalled after " + after + " bytes");
            assertEquals(1, pool().statistics().busy());
            raw.abort();
            writer.join(5000);
        }
        awaitNoBusyInstance();
        FakeGuests.Handled h = FakeGuests.awaitHandled("/echo");
        assertNotNull(h.outcome().get(10, TimeUnit.SECONDS));
    }

    @Test
    void requestTrailersReachTheGuest() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /count HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked", "Trailer: X-Checksum",
                    "Connection: close");
            raw.chunk(new byte[1000]);
            raw.chunk(new byte[24]);
            raw.lastChunk("X-Checksum: abc123");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertEquals("1024 bytes", reply.text());
            assertEquals("x-checksum=abc123;", reply.header("x-trailers"));
        }
    }

    @Test
    void trailersGoBothWaysThroughAnEcho() throws Exception {
        start();
        byte[] a = FakeGuests.pattern(0, 3000);
        byte[] b = FakeGuests.pattern(3000, 5000);
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /echo HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked", "Trailer: X-Checksum",
                    "TE: trailers", "Connection: close");
            raw.chunk(a);
            raw.chunk(b);
            raw.lastChunk("X-Checksum: abc123");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertTrue(reply.complete());
            assertEquals("chunked", reply.header("transfer-encoding"));
            assertArrayEquals(FakeGuests.pattern(0, 8000), reply.body());
            assertEquals(Map.of("x-checksum", "abc123"), reply.trailers());
        }
    }

    // ---------------------------------------------------------------- clients that go away

    @Test
    void aClientThatDisconnectsMidUploadCancelsTheRequestAndFreesTheInstance() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /count HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked");
            for (int i = 0; i < 4; i++) {
                raw.chunk(new byte[16 * 1024]);
            }
            FakeGuests.awaitHandled("/count");
            raw.abort();
        }
        FakeGuests.Handled h = FakeGuests.awaitHandled("/count");
        assertEquals("body-error", h.outcome().get(10, TimeUnit.SECONDS));
        await("the pool's future is cancelled", () -> h.future().isCancelled());
        awaitNoBusyInstance();
        assertEquals(200, get("/hello").statusCode());
    }

    @Test
    void aClientThatDisconnectsMidDownloadCancelsTheBodyAndFreesTheInstance() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /stream?bytes=-1&chunk=8192 HTTP/1.1", "Host: localhost");
            RawHttp.Reply head = raw.readHead();
            assertEquals(200, head.status());
            byte[] some = raw.in.readNBytes(256 * 1024);
            assertEquals(256 * 1024, some.length);
            raw.abort();
        }
        FakeGuests.Handled h = FakeGuests.awaitHandled("/stream");
        assertEquals("cancelled", h.outcome().get(10, TimeUnit.SECONDS));
        assertTrue(h.future().isDone() && !h.future().isCompletedExceptionally());
        awaitNoBusyInstance();
        assertEquals(200, get("/hello").statusCode());
    }

    // ---------------------------------------------------------------- pools

    @Test
    void twoServletsShareOnePool() throws Exception {
        container.param("component", "classpath:fake.wasm").param("warmInstances", "0")
                .param("maxInstanceReuseCount", "2");
        container.servlet("a", WasmProxyServlet.class, Map.of(), "/a/*");
        container.servlet("b", WasmProxyServlet.class, Map.of(), "/b/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        HttpResponse<String> a = get("/a/hello");
        awaitSettled();
        HttpResponse<String> b = get("/b/hello");
        assertEquals(200, a.statusCode());
        assertEquals(200, b.statusCode());
        assertEquals(a.headers().firstValue("x-instance"), b.headers().firstValue("x-instance"),
                "the second servlet's request reused the first one's instance");
        assertEquals(2, pool().statistics().requests());
    }

    @Test
    void aServletGivenAPoolInCodeServesWithIt() throws Exception {
        WasmletSettings settings = WasmletSettings.builder().set("component", "classpath:fake.wasm")
                .set("warmInstances", "0").set("maxRequestBodySize", "1KiB").build();
        ProxyHandler<RequestContext> handler = new FakeGuests().create(settings);
        try {
            container.listener = false;
            container.servlet("embedded", new WasmProxyServlet(handler, settings), Map.of(), "/*");
            assertTrue(container.start());
            assertEquals("Hello, WASI!", get("/hello").body());
            HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(uri("/count"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode());
            assertEquals(1, handler.statistics().requests(), "the 413 never reached the pool");
        } finally {
            handler.shutdown(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aFullPoolAnswers503WithRetryAfterOnceTheWaitRunsOut() throws Exception {
        start(c -> c.param("maxInstances", "1").param("poolWaitTimeout", "300ms"));
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/sleep?ms=2500"))
                .build(), HttpResponse.BodyHandlers.ofString());
        await("the slow request holds the only instance", () -> pool().statistics().busy() == 1);
        long began = System.nanoTime();
        HttpResponse<String> refused = get("/hello");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertEquals(503, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(refused.body().matches("all guest instances are busy \\(request " + ID + "\\)\n"), refused.body());
        assertTrue(waitedMs >= 250, "waited " + waitedMs + " ms for an instance before answering 503");
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, get("/hello").statusCode());
    }

    @Test
    void aFullPoolServesTheRequestWhenAnInstanceFreesUpWithinTheWait() throws Exception {
        start(c -> c.param("maxInstances", "1").param("poolWaitTimeout", "10s"));
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/sleep?ms=400"))
                .build(), HttpResponse.BodyHandlers.ofString());
        await("the slow request holds the only instance", () -> pool().statistics().busy() == 1);
        HttpResponse<String> waited = get("/hello");
        assertEquals(200, waited.statusCode());
        assertEquals("Hello, WASI!", waited.body());
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
        assertTrue(pool().statistics().poolLimitErrors() >= 1);
    }

    @Test
    void aSpinningGuestTimesOutWith504AndTheNextRequestIsServed() throws Exception {
        start(c -> c.param("requestTimeout", "200ms"));
        HttpResponse<String> r = get("/spin");
        assertEquals(504, r.statusCode());
        assertTrue(r.body().matches("guest timed out \\(request " + ID + "\\)\n"), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().toLowerCase().startsWith("text/plain"));
        assertEquals(200, get("/hello").statusCode());
        assertEquals(1, pool().statistics().requestExpirations());
        assertEquals("interrupted", FakeGuests.awaitHandled("/spin").outcome().get(10, TimeUnit.SECONDS));
    }

    @Test
    void aTrapIs500AndTheNextRequestIsServed() throws Exception {
        start();
        HttpResponse<String> r = get("/trap");
        assertEquals(500, r.statusCode());
        assertTrue(r.body().matches("guest trapped \\(request " + ID + "\\)\n"), r.body());
        assertEquals(200, get("/hello").statusCode());
        assertEquals(1, pool().statistics().traps());
    }

    @Test
    void aGuestThatNeverAnswersIs500() throws Exception {
        start();
        HttpResponse<String> r = get("/never");
        assertEquals(500, r.statusCode());
        assertTrue(r.body().startsWith("guest returned no response (request "), r.body());
        assertEquals(1, pool().statistics().neverSet());
    }

    @Test
    void aBodyDeclaredOverTheLimitIs413WithoutReachingTheGuest() throws Exception {
        start(c -> c.param("maxRequestBodySize", "1KiB"));
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /count HTTP/1.1", "Host: localhost", "Content-Length: 4096");
            raw.out.write(new byte[4096]);
            RawHttp.Reply reply = raw.read();
            assertEquals(413, reply.status());
            assertTrue(reply.text().startsWith("request body too large (request "), reply.text());
            assertEquals("close", reply.header("connection"));
        }
        assertTrue(FakeGuests.handled().isEmpty(), "the guest saw " + FakeGuests.handled());
        assertEquals(0, pool().statistics().requests());
    }

    @Test
    void aStreamedBodyOverTheLimitIs413AndTheGuestSeesABodyError() throws Exception {
        start(c -> c.param("maxRequestBodySize", "1KiB"));
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /count HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked");
            raw.chunk(new byte[1000]);
            raw.chunk(new byte[1000]);
            RawHttp.Reply reply = raw.read();
            assertEquals(413, reply.status());
            assertTrue(reply.text().startsWith("request body too large (request "), reply.text());
        }
        FakeGuests.Handled h = FakeGuests.awaitHandled("/count");
        assertEquals("body-error", h.outcome().get(10, TimeUnit.SECONDS));
        await("the pool's future is cancelled or failed", () -> h.future().isCompletedExceptionally());
        awaitNoBusyInstance();
    }

    @Test
    void aResponseBodyThatFailsAfterTheResponseStartedBreaksTheConnection() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /fail-mid-body HTTP/1.1", "Host: localhost");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertFalse(reply.complete(), "the client can tell the body is truncated");
        }
        awaitNoBusyInstance();
        assertEquals(200, get("/hello").statusCode());
    }

    // ---------------------------------------------------------------- JMX

    @Test
    void jmxShowsThePoolAndAPolicyChangeTakesEffect() throws Exception {
        start();
        ObjectName name = new ObjectName("dev.wasmlet:type=Pool,context=/,name=fake.wasm");
        assertTrue(JMX.isRegistered(name));
        HttpResponse<String> first = get("/hello");
        HttpResponse<String> second = get("/hello");
        assertNotEquals(first.headers().firstValue("x-instance"), second.headers().firstValue("x-instance"),
                "a fresh instance per request by default");
        for (MBeanAttributeInfo a : JMX.getMBeanInfo(name).getAttributes()) {
            assertNotNull(JMX.getAttribute(name, a.getName()), a.getName());
            assertFalse(a.getDescription().isBlank(), a.getName());
        }
        assertEquals(2L, JMX.getAttribute(name, "requests"));
        assertEquals(64, JMX.getAttribute(name, "maxInstances"));
        assertEquals("1s", JMX.getAttribute(name, "idleInstanceTimeout"));
        assertEquals(1L, JMX.getAttribute(name, "maxInstanceReuseCount"));
        await("the JMX view shows no busy instance", () -> {
            try {
                return Integer.valueOf(0).equals(JMX.getAttribute(name, "busyInstances"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue((Long) JMX.getAttribute(name, "instantiations") >= 2);

        JMX.setAttribute(name, new Attribute("maxInstanceReuseCount", 3L));
        assertEquals(3L, JMX.getAttribute(name, "maxInstanceReuseCount"));
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            awaitSettled();
            instances.add(get("/hello").headers().firstValue("x-instance").orElseThrow());
        }
        assertEquals(instances.get(0), instances.get(1), "reused after the JMX change: " + instances);
        assertEquals(instances.get(0), instances.get(2), "reused after the JMX change: " + instances);
        assertNotEquals(instances.get(0), instances.get(3), "retired after 3 requests: " + instances);

        JMX.setAttribute(name, new Attribute("warmInstances", 2));
        await("two spares are made and idle", () -> pool().statistics().spares() == 2
                && pool().statistics().idle() >= 2);

        InvalidAttributeValueException bad = assertThrows(InvalidAttributeValueException.class,
                () -> JMX.setAttribute(name, new Attribute("idleInstanceTimeout", "1 sec")));
        assertEquals("idleInstanceTimeout: \"1 sec\" is not a duration; write 1s or 250ms", bad.getMessage());
        MBeanException sealed = assertThrows(MBeanException.class,
                () -> JMX.setAttribute(name, new Attribute("maxInstances", 5)));
        assertTrue(sealed.getMessage().startsWith("maxInstances is sealed at start-up: change it in web.xml"),
                sealed.getMessage());
        MBeanException sealedFromParam = assertThrows(MBeanException.class,
                () -> JMX.setAttribute(name, new Attribute("component", "x.wasm")));
        assertTrue(sealedFromParam.getMessage().contains("change it in web.xml context-param and restart"),
                sealedFromParam.getMessage());

        JMX.setAttribute(name, new Attribute("warmInstances", 0));
        assertEquals(0, JMX.getAttribute(name, "warmInstances"));
        assertTrue((Integer) JMX.invoke(name, "reclaimIdle", new Object[] {0}, new String[] {"int"}) >= 2);
        await("no instance is idle", () -> pool().statistics().idle() == 0);
    }

    @Test
    void stoppingTheApplicationDrainsThePoolAndUnregistersItsMBean() throws Exception {
        start();
        assertEquals(200, get("/hello").statusCode());
        ProxyHandler<RequestContext> handler = pool();
        ObjectName name = new ObjectName("dev.wasmlet:type=Pool,context=/,name=fake.wasm");
        assertTrue(JMX.isRegistered(name));
        RecordingListener listener = RecordingListener.last;
        container.stop();
        assertFalse(JMX.isRegistered(name));
        assertEquals(WasmPoolListener.State.STOPPED, listener.state());
        PoolStatistics.Snapshot s = handler.statistics();
        assertEquals(0, s.live());
        ExecutionException closed = assertThrows(ExecutionException.class, () -> handler.handle(
                new RequestContext("x", "default", null), new Request("GET", "http", "h", "/", Headers.EMPTY,
                        Body.empty())).get(5, TimeUnit.SECONDS));
        assertTrue(closed.getCause() instanceof HandlerClosedError);
    }

    // ---------------------------------------------------------------- configuration

    static Stream<Arguments> configurationErrors() {
        return Stream.of(
                Arguments.of(Map.of("component", "classpath:fake.wasm", "maxInstance", "4"), null,
                        "maxInstance: unknown key (in web.xml context-param); did you mean maxInstances?"),
                Arguments.of(Map.of("component", "classpath:fake.wasm", "idleInstanceTimeout", "1 sec"), null,
                        "idleInstanceTimeout: \"1 sec\" is not a duration; write 1s or 250ms"
                                + " (in web.xml context-param)"),
                Arguments.of(Map.of("component", "classpath:fake.wasm", "maxMemory", "64MB"), null,
                        "maxMemory: \"64MB\" is not a size; write 64MiB, 512KiB or a number of bytes"
                                + " (in web.xml context-param)"),
                Arguments.of(Map.of("maxInstances", "4"), null,
                        "component: missing; write the path of the wasi:http component, such as /WEB-INF/app.wasm,"
                                + " classpath:app.wasm or file:/srv/app.wasm"),
                Arguments.of(Map.of("component", "/WEB-INF/nope.wasm"), null,
                        "component: \"/WEB-INF/nope.wasm\" does not exist in the web application; write /WEB-INF/...,"
                                + " classpath:..., file:... or a file path (in web.xml context-param)"),
                Arguments.of(Map.of("component", "classpath:fake.wasm", "maxInstances", "4", "warmInstances", "8"),
                        null, "warmInstances: \"8\" is more than maxInstances (4); write at most 4"
                                + " (in web.xml context-param)"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/missing.json"), null,
                        "wasmlet.config: \"/WEB-INF/missing.json\" does not exist in the web application; write"
                                + " /WEB-INF/wasmlet.json, classpath:wasmlet.json or file:/etc/wasmlet.json"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json"),
                        "{\"component\": \"classpath:fake.wasm\", \"maxInstnaces\": 4}",
                        "maxInstnaces: unknown key (in /WEB-INF/wasmlet.json); did you mean maxInstances?"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json"),
                        "{\"component\": \"classpath:fake.wasm\",\n \"maxInstances\": }",
                        "wasmlet.config: /WEB-INF/wasmlet.json is not valid JSON at line 2, column"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json", "maxInstances", "3"),
                        "{\"component\": \"classpath:fake.wasm\"}",
                        "maxInstances: set both as web.xml context-param and in /WEB-INF/wasmlet.json"
                                + " (wasmlet.config); keep one"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json"),
                        "{\"component\": \"classpath:fake.wasm\", \"requestTimeout\": 5, \"inheritEnv\": \"yes\"}",
                        "2 settings are invalid:\n - inheritEnv: \"yes\" is not a boolean; write true or false"
                                + " (in /WEB-INF/wasmlet.json)\n - requestTimeout: \"5\" is not a duration; write 1s"
                                + " or 250ms (in /WEB-INF/wasmlet.json)"));
    }

    @ParameterizedTest
    @MethodSource("configurationErrors")
    void aBadConfigurationStopsTheApplicationWithAMessageNamingKeyValueAndForm(Map<String, String> params, String json,
                                                                              String expected) throws Exception {
        params.forEach(container::param);
        if (json != null) {
            container.file("WEB-INF/wasmlet.json", json);
        }
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertFalse(container.start(), "the context must not start");
        assertEquals(1, RecordingListener.FAILURES.size(), RecordingListener.FAILURES::toString);
        String message = RecordingListener.FAILURES.get(0).getMessage();
        assertTrue(message.startsWith(expected), () -> "message was:\n" + message + "\nexpected:\n" + expected);
        assertTrue(RecordingListener.FAILURES.get(0) instanceof SettingsException);
    }

    @Test
    void anUnknownServletInitParamIsAnError() throws Exception {
        container.param("component", "classpath:fake.wasm");
        container.servlet("wasm", WasmProxyServlet.class, Map.of("maxInstanse", "3"), "/*");
        assertFalse(container.start());
        assertEquals("maxInstanse: unknown key (in init-param of servlet \"wasm\"); did you mean maxInstances?",
                RecordingListener.FAILURES.get(0).getMessage());
    }

    @Test
    void jsonFromWebInf() throws Exception {
        container.file("WEB-INF/app.wasm", "\0asm");
        container.file("WEB-INF/wasmlet.json", "{\"component\": \"/WEB-INF/app.wasm\", \"maxInstances\": 3,"
                + " \"warmInstances\": 0, \"env\": {\"FOO\": \"bar\"}}");
        container.param("wasmlet.config", "/WEB-INF/wasmlet.json");
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertEquals("Hello, WASI!", get("/hello").body());
        ObjectName name = new ObjectName("dev.wasmlet:type=Pool,context=/,name=app.wasm");
        assertEquals(3, JMX.getAttribute(name, "maxInstances"));
        assertEquals("FOO", JMX.getAttribute(name, "env"), "names only");
        assertEquals(Map.of("FOO", "bar"), ((WasmletSettings) container.servletContext()
                .getAttribute(WasmPoolListener.SETTINGS_ATTRIBUTE_PREFIX + "default")).env());
    }

    @Test
    void jsonFromTheClassPath() throws Exception {
        container.param("wasmlet.config", "classpath:wasmlet-test.json");
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertTrue(get("/inspect").body().contains("header x-from: classpath-json\n"));
        assertEquals(5, JMX.getAttribute(new ObjectName("dev.wasmlet:type=Pool,context=/,name=fake.wasm"),
                "maxInstances"));
    }

    @Test
    void jsonFromAFile() throws Exception {
        Path file = Files.createTempFile("wasmlet", ".json");
        Files.writeString(file, "{\"component\": \"classpath:fake.wasm\", \"maxInstances\": 7, \"warmInstances\": 0}");
        container.param("wasmlet.config", "file:" + file);
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertEquals("Hello, WASI!", get("/hello").body());
        assertEquals(7, pool().statistics().maxInstances());
    }

    @Test
    void namedPoolsFromJsonServeTheServletsThatNameThem() throws Exception {
        container.file("WEB-INF/wasmlet.json", "{\"component\": \"classpath:fake.wasm\", \"warmInstances\": 0,"
                + " \"pools\": {\"api\": {\"maxInstances\": 2}, \"admin\": {\"maxInstances\": 1}}}");
        container.param("wasmlet.config", "/WEB-INF/wasmlet.json");
        container.servlet("api", WasmProxyServlet.class, Map.of("pool", "api"), "/api/*");
        container.servlet("admin", WasmProxyServlet.class, Map.of("pool", "admin"), "/admin/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertTrue(get("/api/inspect").body().contains("pool: api\n"));
        assertTrue(get("/admin/inspect").body().contains("pool: admin\n"));
        assertEquals(2, JMX.getAttribute(new ObjectName("dev.wasmlet:type=Pool,context=/,name=api"), "maxInstances"));
        assertEquals(1, JMX.getAttribute(new ObjectName("dev.wasmlet:type=Pool,context=/,name=admin"),
                "maxInstances"));
    }

    @Test
    void servletInitParamsDefineAPoolOfTheirOwn() throws Exception {
        container.param("warmInstances", "0");
        container.servlet("shop", WasmProxyServlet.class, Map.of("component", "classpath:fake.wasm",
                "maxInstances", "2"), "/shop/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertTrue(get("/shop/inspect").body().contains("pool: shop\n"));
        assertEquals(2, pool("shop").statistics().maxInstances());
        assertEquals(0, pool("shop").statistics().warmInstances(), "context-params are the defaults");
    }

    /** An upload that trickles: at most {@code max} bytes per read, a pause every {@code every} reads. */
    private static final class SlowInput extends InputStream {
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
