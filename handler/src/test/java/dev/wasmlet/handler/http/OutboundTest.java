package dev.wasmlet.handler.http;

import static dev.wasmlet.handler.http.Http.OUTGOING;
import static dev.wasmlet.handler.http.Http.TYPES;
import static dev.wasmlet.handler.http.Http.assertErr;
import static dev.wasmlet.handler.http.Http.assertOk;
import static dev.wasmlet.handler.http.Http.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.InputStream;
import dev.wasmlet.runtime.wasi.IoError;
import dev.wasmlet.runtime.wasi.OutputStream;
import dev.wasmlet.runtime.wasi.Pollable;
import dev.wasmlet.runtime.wasi.Pollables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code wasi:http/outgoing-handler} against a JDK HTTP server on 127.0.0.1. */
class OutboundTest {
    private static HttpServer server;
    private static int port;
    private static final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/hello", ex -> reply(ex, 200, "hello from " + ex.getRequestURI()));
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            seen.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("content-length") + " "
                    + ex.getRequestHeaders().getFirst("x-guest") + " " + new String(body, StandardCharsets.UTF_8));
            ex.getResponseHeaders().add("x-reply", "1");
            reply(ex, 201, new String(body, StandardCharsets.UTF_8));
        });
        server.createContext("/stall-head", ex -> {
            await();
            reply(ex, 200, "late");
        });
        server.createContext("/stall-body", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("first".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            await();
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void await() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "text/plain");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static Store allowing(String... patterns) {
        return Http.store(HttpSettings.builder().outboundPolicy(OutboundPolicy.allow(patterns)).build());
    }

    private static OutgoingRequest request(Store store, String scheme, String authority, String path) {
        OutgoingRequest r = TYPES.newOutgoingRequest(store, TYPES.newFields(store));
        if (scheme != null) {
            assertOk(TYPES.outgoingRequestSetScheme(r, Optional.of(HttpVariants.scheme(scheme))));
        }
        assertOk(TYPES.outgoingRequestSetAuthority(r, Optional.of(authority)));
        assertOk(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of(path)));
        return r;
    }

    /** Waits for the response future and returns {@code ok(incoming-response)} or {@code err(code)}. */
    private static ResultValue await(Store store, FutureIncomingResponse future) {
        Pollable p = TYPES.futureIncomingResponseSubscribe(future);
        Pollables.block(p);
        assertTrue(p.isReady());
        ResultValue outer = TYPES.futureIncomingResponseGet(store, future).orElseThrow();
        assertErr(TYPES.futureIncomingResponseGet(store, future).orElseThrow()); // once only
        return ok(outer, ResultValue.class);
    }

    private static String readAll(IncomingResponse response) {
        IncomingBody body = ok(TYPES.incomingResponseConsume(response), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            ResultValue r = in.blockingRead(65536);
            if (!r.isOk()) {
                Http.assertClosed(r);
                break;
            }
            out.writeBytes((byte[]) r.payload());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAllowedRequestGetsItsResponse() {
        Store store = allowing("127.0.0.1:" + port);
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + port, "/hello?x=1");
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.empty()), FutureIncomingResponse.class);
        IncomingResponse response = ok(await(store, future), IncomingResponse.class);
        assertEquals(200, TYPES.incomingResponseStatus(response));
        Fields headers = TYPES.incomingResponseHeaders(response);
        assertFalse(headers.isMutable());
        assertArrayEquals("text/plain".getBytes(StandardCharsets.UTF_8), TYPES.fieldsGet(headers, "content-type").get(0));
        assertFalse(TYPES.fieldsHas(headers, "connection"), "forbidden headers are stripped");
        assertEquals("hello from /hello?x=1", readAll(response));
        assertErr(TYPES.incomingResponseConsume(response));
    }

    @Test
    void everythingIsDeniedByDefault() {
        Store store = Http.store();
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + port, "/hello");
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_DENIED, OUTGOING.handle(store, r, Optional.empty()));
    }

    @Test
    void aHostOffTheAllowListIsDenied() {
        Store store = allowing("127.0.0.1:" + (port == 65535 ? 1 : port + 1), "*.example.com");
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_DENIED,
                OUTGOING.handle(store, request(store, "http", "127.0.0.1:" + port, "/"), Optional.empty()));
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_DENIED,
                OUTGOING.handle(store, request(store, "http", "localhost:" + port, "/"), Optional.empty()));
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_DENIED,
                OUTGOING.handle(store, request(store, "https", "example.com", "/"), Optional.empty()));
    }

    @Test
    void allowListPatterns() {
        OutboundPolicy p = OutboundPolicy.allow("example.com", "api.test:8080", "*.internal", "10.0.0.1:*", "[::1]:443");
        assertTrue(p.allows("example.com", 443));
        assertTrue(p.allows("EXAMPLE.com", 80));
        assertFalse(p.allows("www.example.com", 443));
        assertTrue(p.allows("api.test", 8080));
        assertFalse(p.allows("api.test", 8081));
        assertTrue(p.allows("a.b.internal", 1));
        assertFalse(p.allows("internal", 1));
        assertTrue(p.allows("10.0.0.1", 9));
        assertTrue(p.allows("[::1]", 443));
        assertFalse(p.allows("[::1]", 80));
        assertTrue(OutboundPolicy.allow("*").allows("anything", 1));
        assertFalse(OutboundPolicy.denyAll().allows("localhost", 80));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allow("a.com:http"));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allow("a*.com"));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allow("http://a.com"));
    }

    @Test
    void theDefaultSchemeIsHttps() throws Exception {
        // a raw server that records the first byte it receives and hangs up
        try (ServerSocket raw = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket s = raw.accept()) {
                    return s.getInputStream().read();
                } catch (IOException e) {
                    return -2;
                }
            });
            Store store = allowing("127.0.0.1:" + raw.getLocalPort());
            OutgoingRequest r = request(store, null, "127.0.0.1:" + raw.getLocalPort(), "/hello");
            assertEquals(Optional.empty(), TYPES.outgoingRequestScheme(r));
            RequestOptions options = TYPES.newRequestOptions();
            assertOk(TYPES.requestOptionsSetConnectTimeout(options, Optional.of(Duration.ofSeconds(5).toNanos())));
            FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.of(options)),
                    FutureIncomingResponse.class);
            assertEquals(0x16, firstByte.get(10, TimeUnit.SECONDS), "a TLS handshake record");
            ResultValue result = await(store, future);
            assertFalse(result.isOk(), () -> "expected a failed handshake, got " + result);
        }
    }

    @Test
    void onlyHttpAndHttpsAreSent() {
        Store store = allowing("*");
        OutgoingRequest r = request(store, "ftp", "127.0.0.1:" + port, "/");
        Http.assertErrorCode(ErrorCode.HTTP_PROTOCOL_ERROR, OUTGOING.handle(store, r, Optional.empty()));
        OutgoingRequest noAuthority = TYPES.newOutgoingRequest(store, TYPES.newFields(store));
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_URI_INVALID, OUTGOING.handle(store, noAuthority, Optional.empty()));
    }

    @Test
    void settersRefuseWhatIsNotHttp() {
        Store store = Http.store();
        OutgoingRequest r = TYPES.newOutgoingRequest(store, TYPES.newFields(store));
        assertEquals(HttpVariants.method("GET"), TYPES.outgoingRequestMethod(r));
        assertErr(TYPES.outgoingRequestSetMethod(r, new VariantValue(9, "BAD METHOD")));
        assertOk(TYPES.outgoingRequestSetMethod(r, new VariantValue(9, "PROPFIND")));
        assertEquals(new VariantValue(9, "PROPFIND"), TYPES.outgoingRequestMethod(r));
        assertErr(TYPES.outgoingRequestSetScheme(r, Optional.of(new VariantValue(2, "1http"))));
        assertOk(TYPES.outgoingRequestSetScheme(r, Optional.of(new VariantValue(2, "web+x"))));
        assertErr(TYPES.outgoingRequestSetAuthority(r, Optional.of("a b")));
        assertErr(TYPES.outgoingRequestSetAuthority(r, Optional.of("host/path")));
        assertErr(TYPES.outgoingRequestSetAuthority(r, Optional.of("host:99999")));
        assertOk(TYPES.outgoingRequestSetAuthority(r, Optional.of("user@host:8080")));
        assertEquals(Optional.of("user@host:8080"), TYPES.outgoingRequestAuthority(r));
        assertErr(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of("no-slash")));
        assertErr(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of("/a b")));
        assertErr(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of("/a#frag")));
        assertOk(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of("/a/b?c={d}")));
        assertEquals(Optional.of("/a/b?c={d}"), TYPES.outgoingRequestPathWithQuery(r));
        assertOk(TYPES.outgoingRequestSetPathWithQuery(r, Optional.empty()));
        assertEquals(Optional.empty(), TYPES.outgoingRequestPathWithQuery(r));
    }

    @Test
    void requestOptionsKeepTheirDurations() {
        RequestOptions o = TYPES.newRequestOptions();
        assertEquals(Optional.empty(), TYPES.requestOptionsConnectTimeout(o));
        assertOk(TYPES.requestOptionsSetConnectTimeout(o, Optional.of(5L)));
        assertOk(TYPES.requestOptionsSetFirstByteTimeout(o, Optional.of(6L)));
        assertOk(TYPES.requestOptionsSetBetweenBytesTimeout(o, Optional.of(7L)));
        assertEquals(Optional.of(5L), TYPES.requestOptionsConnectTimeout(o));
        assertEquals(Optional.of(6L), TYPES.requestOptionsFirstByteTimeout(o));
        assertEquals(Optional.of(7L), TYPES.requestOptionsBetweenBytesTimeout(o));
        assertOk(TYPES.requestOptionsSetConnectTimeout(o, Optional.empty()));
        assertEquals(Optional.empty(), TYPES.requestOptionsConnectTimeout(o));
    }

    @Test
    void theRequestBodyStreamsFromTheGuestAfterTheRequestIsSent() throws Exception {
        Store store = allowing("127.0.0.1:" + port);
        Fields headers = TYPES.newFields(store);
        assertOk(TYPES.fieldsAppend(headers, "x-guest", "yes".getBytes(StandardCharsets.UTF_8)));
        OutgoingRequest r = TYPES.newOutgoingRequest(store, headers);
        assertOk(TYPES.outgoingRequestSetMethod(r, HttpVariants.method("POST")));
        assertOk(TYPES.outgoingRequestSetScheme(r, Optional.of(HttpVariants.scheme("http"))));
        assertOk(TYPES.outgoingRequestSetAuthority(r, Optional.of("127.0.0.1:" + port)));
        assertOk(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of("/echo")));
        OutgoingBody body = ok(TYPES.outgoingRequestBody(r), OutgoingBody.class);
        assertErr(TYPES.outgoingRequestBody(r));
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.empty()), FutureIncomingResponse.class);
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String part = "part " + i + ";";
            sent.append(part);
            assertOk(out.blockingWriteAndFlush(part.getBytes(StandardCharsets.UTF_8)));
        }
        out.close();
        assertOk(TYPES.outgoingBodyFinish(body, Optional.empty()));
        IncomingResponse response = ok(await(store, future), IncomingResponse.class);
        assertEquals(201, TYPES.incomingResponseStatus(response));
        assertEquals(sent.toString(), readAll(response));
        assertEquals("POST null yes " + sent, seen.poll(5, TimeUnit.SECONDS), "sent chunked: no content-length");
    }

    @Test
    void aFinishedBodyIsSentWithItsLength() throws Exception {
        Store store = allowing("127.0.0.1:" + port);
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + port, "/echo");
        assertOk(TYPES.outgoingRequestSetMethod(r, HttpVariants.method("PUT")));
        OutgoingBody body = ok(TYPES.outgoingRequestBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        assertOk(out.blockingWriteAndFlush("all of it".getBytes(StandardCharsets.UTF_8)));
        out.close();
        assertOk(TYPES.outgoingBodyFinish(body, Optional.empty()));
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.empty()), FutureIncomingResponse.class);
        assertEquals("all of it", readAll(ok(await(store, future), IncomingResponse.class)));
        assertEquals("PUT 9 null all of it", seen.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void theRequestContentLengthIsEnforced() throws Exception {
        Store store = allowing("127.0.0.1:" + port);
        Fields headers = TYPES.newFields(store);
        assertOk(TYPES.fieldsAppend(headers, "content-length", "10".getBytes(StandardCharsets.UTF_8)));
        OutgoingRequest r = TYPES.newOutgoingRequest(store, headers);
        assertOk(TYPES.outgoingRequestSetMethod(r, HttpVariants.method("POST")));
        assertOk(TYPES.outgoingRequestSetScheme(r, Optional.of(HttpVariants.scheme("http"))));
        assertOk(TYPES.outgoingRequestSetAuthority(r, Optional.of("127.0.0.1:" + port)));
        assertOk(TYPES.outgoingRequestSetPathWithQuery(r, Optional.of("/echo")));
        OutgoingBody body = ok(TYPES.outgoingRequestBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.empty()), FutureIncomingResponse.class);
        assertOk(out.blockingWriteAndFlush("short".getBytes(StandardCharsets.UTF_8)));
        out.close();
        ResultValue finished = TYPES.outgoingBodyFinish(body, Optional.empty());
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_BODY_SIZE, finished);
        assertEquals("HTTP-request-body-size(5)", ErrorCode.describe((VariantValue) finished.payload()));
        ResultValue result = await(store, future);
        assertFalse(result.isOk(), () -> "the aborted request must fail, got " + result);
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_BODY_SIZE, result);
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Store store = allowing("127.0.0.1");
        RequestOptions options = TYPES.newRequestOptions();
        assertOk(TYPES.requestOptionsSetConnectTimeout(options, Optional.of(Duration.ofSeconds(2).toNanos())));
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + closed, "/");
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.of(options)),
                FutureIncomingResponse.class);
        Http.assertErrorCode(ErrorCode.CONNECTION_REFUSED, await(store, future));
    }

    @Test
    void aServerThatStallsBeforeItsHeadersIsAReadTimeout() {
        Store store = allowing("127.0.0.1:" + port);
        RequestOptions options = TYPES.newRequestOptions();
        assertOk(TYPES.requestOptionsSetFirstByteTimeout(options, Optional.of(Duration.ofMillis(300).toNanos())));
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + port, "/stall-head");
        long start = System.nanoTime();
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.of(options)),
                FutureIncomingResponse.class);
        Http.assertErrorCode(ErrorCode.CONNECTION_READ_TIMEOUT, await(store, future));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 250 && millis < 10_000, millis + " ms");
    }

    @Test
    void aServerThatStallsInItsBodyIsABetweenBytesTimeout() {
        Store store = allowing("127.0.0.1:" + port);
        RequestOptions options = TYPES.newRequestOptions();
        assertOk(TYPES.requestOptionsSetBetweenBytesTimeout(options, Optional.of(Duration.ofMillis(300).toNanos())));
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + port, "/stall-body");
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.of(options)),
                FutureIncomingResponse.class);
        IncomingResponse response = ok(await(store, future), IncomingResponse.class);
        IncomingBody body = ok(TYPES.incomingResponseConsume(response), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        assertEquals("first", new String(ok(in.blockingRead(100), byte[].class), StandardCharsets.UTF_8));
        long start = System.nanoTime();
        IoError error = Http.failed(in.blockingRead(100));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCode.CONNECTION_READ_TIMEOUT, ErrorCode.of(TYPES.httpErrorCode(error).orElseThrow()));
        assertTrue(millis >= 250 && millis < 10_000, millis + " ms");
    }

    @Test
    void droppingAPendingResponseAbandonsTheRequest() {
        Store store = allowing("127.0.0.1:" + port);
        OutgoingRequest r = request(store, "http", "127.0.0.1:" + port, "/stall-head");
        FutureIncomingResponse future = ok(OUTGOING.handle(store, r, Optional.empty()), FutureIncomingResponse.class);
        assertEquals(Optional.empty(), TYPES.futureIncomingResponseGet(store, future));
        future.close();
        assertErr(TYPES.futureIncomingResponseGet(store, future).orElseThrow());
    }

    @Test
    void oneClientPerSettings() {
        HttpSettings settings = HttpSettings.builder().outboundPolicy(OutboundPolicy.allow("*")).build();
        assertTrue(settings.client() == settings.client());
        assertEquals(List.of("*"), settings.outboundPolicy().patterns());
    }
}
