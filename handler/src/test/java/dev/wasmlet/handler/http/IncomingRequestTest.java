package dev.wasmlet.handler.http;

import static dev.wasmlet.handler.http.Http.TYPES;
import static dev.wasmlet.handler.http.Http.assertClosed;
import static dev.wasmlet.handler.http.Http.assertErr;
import static dev.wasmlet.handler.http.Http.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Request;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.InputStream;
import dev.wasmlet.runtime.wasi.IoError;
import dev.wasmlet.runtime.wasi.Pollable;
import dev.wasmlet.runtime.wasi.Pollables;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IncomingRequestTest {
    private final Store store = Http.store();

    private IncomingRequest incoming(String method, String scheme, String authority, String path, Headers headers,
                                     Body body) {
        return IncomingRequest.of(new Request(method, scheme, authority, path, headers, body), Http.context(store));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void methodSchemeAuthorityAndPathAreTheRequests() {
        IncomingRequest r = incoming("PATCH", "https", "example.com:8443", "/a/b?c=d", Headers.EMPTY, Body.empty());
        assertEquals(new VariantValue(8, null), TYPES.incomingRequestMethod(r));
        assertEquals(Optional.of(new VariantValue(1, null)), TYPES.incomingRequestScheme(r));
        assertEquals(Optional.of("example.com:8443"), TYPES.incomingRequestAuthority(r));
        assertEquals(Optional.of("/a/b?c=d"), TYPES.incomingRequestPathWithQuery(r));

        IncomingRequest other = incoming("PROPFIND", "http", null, "/", Headers.of("host", "from-host:81"),
                Body.empty());
        assertEquals(new VariantValue(9, "PROPFIND"), TYPES.incomingRequestMethod(other));
        assertEquals(Optional.of(new VariantValue(0, null)), TYPES.incomingRequestScheme(other));
        assertEquals(Optional.of("from-host:81"), TYPES.incomingRequestAuthority(other), "authority from Host");
        // the Host header itself is forbidden, so the guest does not see it
        assertFalse(TYPES.fieldsHas(TYPES.incomingRequestHeaders(other), "host"));

        IncomingRequest bare = incoming("GET", null, null, "/", Headers.EMPTY, Body.empty());
        assertEquals(Optional.empty(), TYPES.incomingRequestScheme(bare));
        assertEquals(Optional.empty(), TYPES.incomingRequestAuthority(bare));
    }

    @Test
    void bodyIsConsumedOnceAndItsStreamTakenOnce() {
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, Body.of(b("hello")));
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        assertErr(TYPES.incomingRequestConsume(r));
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        assertErr(TYPES.incomingBodyStream(body));
        assertArrayEquals(b("hello"), ok(in.blockingRead(100), byte[].class));
        assertClosed(in.blockingRead(100));
    }

    @Test
    void bodyIsReadOnDemandOneChunkAtATime() throws Exception {
        Bodies.Fed fed = new Bodies.Fed();
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        assertFalse(fed.subscribed(), "no subscription before the guest reads");

        fed.offer(b("one"));
        fed.offer(b("two"));
        fed.offer(b("three"));
        // nothing asked for yet: the chunks wait at the producer
        assertArrayEquals(b("one"), ok(in.read(100), byte[].class));
        assertEquals(List.of(1L), List.copyOf(fed.requests));
        // a short read leaves the rest of a chunk here; no more is asked for
        assertArrayEquals(b("t"), ok(in.read(1), byte[].class));
        assertEquals(2, fed.requests.size(), "one more chunk asked for");
        assertArrayEquals(b("wo"), ok(in.read(100), byte[].class));
        assertArrayEquals(b("three"), ok(in.blockingRead(100), byte[].class));
        for (Long n : fed.requests) {
            assertEquals(1L, n);
        }
        // empty now: a read gives nothing and asks for one more, once
        int asked = fed.requests.size();
        assertArrayEquals(new byte[0], ok(in.read(100), byte[].class));
        assertArrayEquals(new byte[0], ok(in.read(100), byte[].class));
        assertEquals(asked + 1, fed.requests.size());

        // a guest blocked in a read is woken by the next chunk
        CompletableFuture<ResultValue> blocked = CompletableFuture.supplyAsync(() -> in.blockingRead(100));
        Thread.sleep(50);
        assertFalse(blocked.isDone());
        fed.offer(b("late"));
        assertArrayEquals(b("late"), ok(blocked.get(5, TimeUnit.SECONDS), byte[].class));
        fed.complete(Headers.EMPTY);
        assertClosed(in.blockingRead(100));
    }

    @Test
    void pollingTheStreamAsksForData() throws Exception {
        Bodies.Fed fed = new Bodies.Fed();
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        Pollable p = in.subscribe();
        fed.offer(b("x"));
        assertTrue(p.isReady(), "waiting is wanting: the chunk is requested and arrives");
        assertArrayEquals(b("x"), ok(in.read(10), byte[].class));
    }

    @Test
    void trailersArriveAfterTheBody() throws Exception {
        Bodies.Fed fed = new Bodies.Fed();
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        fed.offer(b("data"));
        assertArrayEquals(b("data"), ok(in.blockingRead(100), byte[].class));

        assertThrows(GuestTrapException.class, () -> TYPES.incomingBodyFinish(body),
                "finish while the stream (a child) is open traps, as in Wasmtime");
        in.close();
        FutureTrailers future = TYPES.incomingBodyFinish(body);
        Pollable ready = TYPES.futureTrailersSubscribe(future);
        assertFalse(ready.isReady());
        assertEquals(Optional.empty(), TYPES.futureTrailersGet(future));

        CompletableFuture.runAsync(() -> {
            sleep(50);
            fed.complete(Headers.of("X-Checksum", "abc", "connection", "close"));
        });
        Pollables.block(ready);
        ResultValue outer = TYPES.futureTrailersGet(future).orElseThrow();
        ResultValue inner = ok(outer, ResultValue.class);
        Optional<?> some = ok(inner, Optional.class);
        Fields trailers = (Fields) some.orElseThrow();
        assertEquals(1, TYPES.fieldsEntries(trailers).size(), "forbidden trailers are stripped");
        assertArrayEquals(b("abc"), TYPES.fieldsGet(trailers, "x-checksum").get(0));
        assertTrue(trailers.isMutable(), "trailers handed out are the guest's own (Wasmtime's Owned)");
        // once only
        assertErr(TYPES.futureTrailersGet(future).orElseThrow());
    }

    @Test
    void finishingAnUnreadBodyDrainsItForItsTrailers() throws Exception {
        Bodies.Fed fed = new Bodies.Fed();
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        FutureTrailers future = TYPES.incomingBodyFinish(body);
        fed.offer(new byte[1000]);
        fed.offer(new byte[1000]);
        fed.complete(Headers.EMPTY);
        Pollables.block(TYPES.futureTrailersSubscribe(future));
        ResultValue inner = ok(TYPES.futureTrailersGet(future).orElseThrow(), ResultValue.class);
        assertEquals(Optional.empty(), ok(inner, Optional.class), "no trailers: none");
    }

    @Test
    void droppingTheBodyCancelsIt() {
        Bodies.Fed fed = new Bodies.Fed();
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        fed.offer(b("x"));
        ok(in.blockingRead(1), byte[].class);
        body.close();
        assertFalse(fed.cancelled, "the stream is still open");
        in.close();
        assertTrue(fed.cancelled);

        Bodies.Fed unread = new Bodies.Fed();
        IncomingRequest r2 = incoming("POST", "http", "h", "/", Headers.EMPTY, unread);
        r2.close(); // dropped without consume: subscribed only to be cancelled
        assertTrue(unread.cancelled);
    }

    @Test
    void endingTheRequestCancelsWhatTheGuestLeftUnread() {
        Bodies.Fed fed = new Bodies.Fed();
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        fed.offer(b("x"));
        ok(in.blockingRead(1), byte[].class);
        Http.context(store).endRequest(null);
        assertTrue(fed.cancelled);
    }

    @Test
    void aBodyLongerThanItsContentLengthFails() {
        Bodies.Fed fed = new Bodies.Fed();
        fed.declaredLength = 5;
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        InputStream in = ok(TYPES.incomingBodyStream(ok(TYPES.incomingRequestConsume(r), IncomingBody.class)),
                InputStream.class);
        fed.offer(b("abc"));
        assertArrayEquals(b("abc"), ok(in.blockingRead(10), byte[].class));
        fed.offer(b("def"));
        IoError error = Http.failed(in.blockingRead(10));
        VariantValue code = TYPES.httpErrorCode(error).orElseThrow();
        assertEquals(ErrorCode.HTTP_REQUEST_BODY_SIZE, ErrorCode.of(code));
        assertEquals("HTTP-request-body-size(6)", ErrorCode.describe(code));
        assertTrue(fed.cancelled);
    }

    @Test
    void aBodyShorterThanItsContentLengthFailsAtItsEnd() {
        Bodies.Fed fed = new Bodies.Fed();
        fed.declaredLength = 5;
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        IncomingBody body = ok(TYPES.incomingRequestConsume(r), IncomingBody.class);
        InputStream in = ok(TYPES.incomingBodyStream(body), InputStream.class);
        fed.offer(b("abc"));
        fed.complete(Headers.EMPTY);
        assertArrayEquals(b("abc"), ok(in.blockingRead(10), byte[].class));
        IoError error = Http.failed(in.blockingRead(10));
        assertEquals("HTTP-request-body-size(3)", ErrorCode.describe(TYPES.httpErrorCode(error).orElseThrow()));
        in.close();
        // the trailers report the same error
        FutureTrailers future = TYPES.incomingBodyFinish(body);
        ResultValue inner = ok(TYPES.futureTrailersGet(future).orElseThrow(), ResultValue.class);
        Http.assertErrorCode(ErrorCode.HTTP_REQUEST_BODY_SIZE, inner);
    }

    @Test
    void aFailingBodyIsAStreamErrorWithoutAnHttpCode() {
        Bodies.Fed fed = new Bodies.Fed() {
            @Override
            public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> s) {
                super.subscribe(s);
                s.onError(new java.io.IOException("client went away"));
            }
        };
        IncomingRequest r = incoming("POST", "http", "h", "/", Headers.EMPTY, fed);
        InputStream in = ok(TYPES.incomingBodyStream(ok(TYPES.incomingRequestConsume(r), IncomingBody.class)),
                InputStream.class);
        IoError error = Http.failed(in.blockingRead(10));
        assertEquals("client went away", error.cause().getMessage());
        assertEquals(Optional.empty(), TYPES.httpErrorCode(error));
        assertNull(HttpErrorException.find(error.cause()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
