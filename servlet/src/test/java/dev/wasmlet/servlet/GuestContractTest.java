package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet's HTTP contract over real HTTP on loopback, in embedded Jetty 12 and Tomcat 11,
 * with the fake guests and with the C guest (which implements every route): streaming both ways,
 * trailers both ways, clients that go away, shared pools, and the error statuses. No instance
 * may be left busy or leaked afterwards (the pool's statistics show every live instance idle).
 */
@ParameterizedClass(name = "{0} {1}")
@MethodSource("guests")
class GuestContractTest extends GuestSuite {
    static Stream<Arguments> guests() {
        return matrix(Guest.FAKE, Guest.C_FREESTANDING);
    }

    // ---------------------------------------------------------------- requests and responses

    @Test
    void theRequestReachesTheGuestAsSentWithConfiguredHeadersReplaced() throws Exception {
        start(c -> c.param("headers", "env: FOO\nx-added: yes"));
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /echo?x=1&y=a%2Fb&z=p%20q HTTP/1.1", "Host: localhost", "X-Foo: bar", "Env: BAR",
                    "Connection: close");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertEquals("GET", reply.header("x-method"));
            assertEquals("http", reply.header("x-scheme"));
            assertEquals("localhost", reply.header("x-authority"));
            assertEquals("/echo?x=1&y=a%2Fb&z=p%20q", reply.header("x-path-with-query"));
            assertEquals(List.of("bar"), reply.headers().get("x-echo-x-foo"));
            assertEquals(List.of("FOO"), reply.headers().get("x-echo-env"), "replaced, not added to");
            assertEquals(List.of("yes"), reply.headers().get("x-echo-x-added"));
        }
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
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        assertEquals(100, pool().statistics().requests());
        awaitSettled();
    }

    @Test
    void whatTheGuestWroteReachesTheClientWhileTheGuestWaitsForMoreInput() throws Exception {
        // Each answer is read before the next chunk is sent: the guest, waiting for that chunk,
        // must not leave its last write in the container's buffer.
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /echo HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked");
            for (int i = 0; i < 3; i++) {
                byte[] ping = ("ping " + i).getBytes(StandardCharsets.US_ASCII);
                raw.chunk(ping);
                if (i == 0) {
                    assertEquals(200, raw.readHead().status());
                }
                assertArrayEquals(ping, raw.readChunked(ping.length), "echo of chunk " + i);
            }
            raw.lastChunk();
        }
        awaitSettled();
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
            System.out.println(containerName + " " + guest + ": the upload stalled after " + after + " bytes");
            assertEquals(1, pool().statistics().busy());
            raw.abort();
            writer.join(5000);
        }
        awaitSettled();
    }

    @Test
    void requestTrailersReachTheGuest() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /request-trailers HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked",
                    "Trailer: X-Checksum", "Connection: close");
            raw.chunk(new byte[1000]);
            raw.chunk(new byte[24]);
            raw.lastChunk("X-Checksum: abc123");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertEquals("x-checksum: abc123\n", reply.text());
        }
    }

    @Test
    void responseTrailersReachTheClient() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /trailers HTTP/1.1", "Host: localhost", "TE: trailers", "Connection: close");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertTrue(reply.complete());
            assertEquals("chunked", reply.header("transfer-encoding"));
            assertEquals("trailers", reply.text());
            assertEquals(Map.of("x-trailer", "done"), reply.trailers());
        }
    }

    // ---------------------------------------------------------------- clients that go away

    @Test
    void aClientThatDisconnectsMidUploadFreesTheInstance() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /request-trailers HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked");
            for (int i = 0; i < 4; i++) {
                raw.chunk(new byte[16 * 1024]);
            }
            await("the guest reads the upload", () -> pool().statistics().busy() == 1);
            raw.abort();
        }
        awaitSettled();
        assertEquals("Hello, WASI!", get("/hello").body());
    }

    @Test
    void aClientThatDisconnectsMidDownloadFreesTheInstance() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /stream?n=1000000000000&chunk=8192 HTTP/1.1", "Host: localhost");
            RawHttp.Reply head = raw.readHead();
            assertEquals(200, head.status());
            assertEquals(256 * 1024, raw.in.readNBytes(256 * 1024).length);
            raw.abort();
        }
        awaitSettled();
        assertEquals("Hello, WASI!", get("/hello").body());
    }

    // ---------------------------------------------------------------- pools

    @Test
    void twoServletsShareOnePool() throws Exception {
        guest.configure(container);
        container.param("warmInstances", "0").param("maxInstanceReuseCount", "2");
        container.servlet("a", WasmProxyServlet.class, Map.of(), "/instance-id");
        container.servlet("b", WasmProxyServlet.class, Map.of(), "/env");
        startConfigured();
        HttpResponse<String> a = get("/instance-id");
        assertEquals(200, a.statusCode());
        awaitSettled();
        HttpResponse<String> b = http.send(HttpRequest.newBuilder(uri("/env")).header("env", "INSTANCE_ID").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, b.statusCode());
        assertEquals("env: " + a.body(), b.body(), "the second servlet's request reused the first one's instance");
        assertEquals(2, pool().statistics().requests());
    }

    // ---------------------------------------------------------------- errors

    /** Starts with one instance at most, and a request that holds it for {@code ms}; answers "slept". */
    private CompletableFuture<HttpResponse<String>> holdTheOnlyInstance(String poolWaitTimeout, int ms)
            throws Exception {
        start(c -> c.param("maxInstances", "1").param("poolWaitTimeout", poolWaitTimeout));
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/sleep?ms=" + ms))
                .build(), HttpResponse.BodyHandlers.ofString());
        await("the slow request holds the only instance", () -> pool().statistics().busy() == 1);
        return slow;
    }

    @Test
    void aFullPoolAnswers503WithRetryAfterOnceTheWaitRunsOut() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = holdTheOnlyInstance("300ms", 2500);
        long began = System.nanoTime();
        HttpResponse<String> refused = get("/hello");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertError(503, "all guest instances are busy", refused);
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(waitedMs >= 250, "waited " + waitedMs + " ms for an instance before answering 503");
        assertEquals("slept", slow.get(10, TimeUnit.SECONDS).body());
        assertEquals(200, get("/hello").statusCode());
        awaitSettled();
    }

    @Test
    void aFullPoolServesTheRequestWhenAnInstanceFreesUpWithinTheWait() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = holdTheOnlyInstance("10s", 400);
        HttpResponse<String> waited = get("/hello");
        assertEquals(200, waited.statusCode());
        assertEquals("Hello, WASI!", waited.body());
        assertEquals("slept", slow.get(10, TimeUnit.SECONDS).body());
        assertTrue(pool().statistics().poolLimitErrors() >= 1);
    }

    @Test
    void aGuestThatNeverSetsAResponseIs500() throws Exception {
        start();
        assertError(500, "guest returned no response", get("/noset"));
        assertEquals(1, pool().statistics().neverSet());
        assertEquals("Hello, WASI!", get("/hello").body());
    }

    @Test
    void aBodyDeclaredOverTheLimitIs413WithoutReachingTheGuest() throws Exception {
        start(c -> c.param("maxRequestBodySize", "1KiB"));
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /request-trailers HTTP/1.1", "Host: localhost", "Content-Length: 4096");
            raw.out.write(new byte[4096]);
            RawHttp.Reply reply = raw.read();
            assertError(413, "request body too large", reply);
            assertEquals("close", reply.header("connection"));
        }
        assertEquals(0, pool().statistics().requests());
    }

    @Test
    void aStreamedBodyOverTheLimitIs413AndFreesTheInstance() throws Exception {
        start(c -> c.param("maxRequestBodySize", "1KiB"));
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /request-trailers HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked");
            raw.chunk(new byte[1000]);
            raw.chunk(new byte[1000]);
            assertError(413, "request body too large", raw.read());
        }
        assertEquals(1, pool().statistics().requests());
        awaitSettled();
    }
}
