package dev.wasmlet.handler.http;

import static dev.wasmlet.handler.http.Http.TYPES;
import static dev.wasmlet.handler.http.Http.assertErr;
import static dev.wasmlet.handler.http.Http.assertOk;
import static dev.wasmlet.handler.http.Http.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.GuestResponseError;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Response;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.IoError;
import dev.wasmlet.runtime.wasi.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutgoingResponseTest {
    private final Store store = Http.store(HttpSettings.builder().bodyBufferBytes(1024).build());

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Fields fields(String... namesAndValues) {
        Fields f = TYPES.newFields(store);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            assertOk(TYPES.fieldsAppend(f, namesAndValues[i], b(namesAndValues[i + 1])));
        }
        return f;
    }

    /** Sets {@code response} on a fresh outparam and returns what the embedder received. */
    private static Response set(OutgoingResponse response) {
        AtomicReference<Response> got = new AtomicReference<>();
        ResponseOutparam out = ResponseOutparam.fromCallback((r, e) -> got.set(r));
        TYPES.responseOutparamSet(out, ResultValue.ok(response));
        return got.get();
    }

    @Test
    void statusIs200UntilSetAndMustBeAValidCode() {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        assertEquals(200, TYPES.outgoingResponseStatusCode(r));
        for (int bad : List.of(0, 99, 1000, 65535)) {
            assertErr(TYPES.outgoingResponseSetStatusCode(r, (short) bad));
        }
        assertEquals(200, TYPES.outgoingResponseStatusCode(r));
        assertOk(TYPES.outgoingResponseSetStatusCode(r, (short) 100));
        assertOk(TYPES.outgoingResponseSetStatusCode(r, (short) 999));
        assertOk(TYPES.outgoingResponseSetStatusCode(r, (short) 418));
        assertEquals(418, TYPES.outgoingResponseStatusCode(r));
    }

    @Test
    void outparamIsSetOnceAndReportsTheResponse() {
        OutgoingResponse r = TYPES.newOutgoingResponse(store,
                fields("content-type", "text/plain", "x-a", "1", "x-a", "2"));
        TYPES.outgoingResponseSetStatusCode(r, (short) 201);
        AtomicReference<Response> got = new AtomicReference<>();
        AtomicReference<VariantValue> error = new AtomicReference<>();
        ResponseOutparam out = ResponseOutparam.fromCallback((response, code) -> {
            got.set(response);
            error.set(code);
        });
        assertFalse(out.isSet());
        TYPES.responseOutparamSet(out, ResultValue.ok(r));
        assertTrue(out.isSet());
        assertNull(error.get());
        assertEquals(201, got.get().status());
        assertEquals("text/plain", got.get().headers().first("content-type"));
        assertEquals(List.of("1", "2"), got.get().headers().all("x-a"));
        GuestTrapException twice = assertThrows(GuestTrapException.class,
                () -> TYPES.responseOutparamSet(out, ResultValue.error(ErrorCode.INTERNAL_ERROR.value())));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }

    @Test
    void aResponseWithoutABodyHasAnEmptyOne() throws Exception {
        Response r = set(TYPES.newOutgoingResponse(store, fields()));
        assertArrayEquals(new byte[0], Bodies.Collector.of(r.body()).await());
    }

    @Test
    void anErrorCodeReachesTheCallbackAndFailsAFuture() throws Exception {
        AtomicReference<VariantValue> error = new AtomicReference<>();
        ResponseOutparam out = ResponseOutparam.fromCallback((r, e) -> error.set(e));
        TYPES.responseOutparamSet(out, ResultValue.error(ErrorCode.HTTP_REQUEST_DENIED.value()));
        assertEquals(ErrorCode.HTTP_REQUEST_DENIED, ErrorCode.of(error.get()));

        CompletableFuture<Response> future = new CompletableFuture<>();
        TYPES.responseOutparamSet(ResponseOutparam.fromFuture(future),
                ResultValue.error(ErrorCode.internalError("boom")));
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        GuestResponseError g = assertInstanceOf(GuestResponseError.class, e.getCause());
        assertTrue(g.getMessage().contains("internal-error(\"boom\")"), g.getMessage());
    }

    @Test
    void sendInformationalIsAnError() {
        ResponseOutparam out = ResponseOutparam.fromCallback((r, e) -> { });
        ResultValue r = TYPES.responseOutparamSendInformational(out, (short) 103, fields());
        Http.assertErrorCode(ErrorCode.INTERNAL_ERROR, r);
        assertFalse(out.isSet());
    }

    @Test
    void bodyAndItsStreamAreTakenOnce() {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        assertErr(TYPES.outgoingResponseBody(r));
        ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        assertErr(TYPES.outgoingBodyWrite(body));
        OutgoingResponse bad = TYPES.newOutgoingResponse(store, fields("content-length", "twelve"));
        assertErr(TYPES.outgoingResponseBody(bad));
    }

    @Test
    void theBodyStreamsAsWrittenAndTrailersFollowTheFinish() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        Bodies.Collector c = Bodies.Collector.of(response.body());
        assertOk(out.blockingWriteAndFlush(b("hello ")));
        assertOk(out.blockingWriteAndFlush(b("world")));
        assertFalse(c.done.isDone());
        out.close();
        assertOk(TYPES.outgoingBodyFinish(body, Optional.of(fields("x-trailer", "done"))));
        assertEquals("hello world", new String(c.await(), StandardCharsets.UTF_8));
        Headers trailers = response.body().trailers().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("done", trailers.first("x-trailer"));
    }

    @Test
    void checkWriteIsTheRoomTheConsumerLeft() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        assertEquals(1024L, ok(out.checkWrite(), Long.class));
        assertOk(out.write(new byte[1000]));
        assertEquals(24L, ok(out.checkWrite(), Long.class));
        assertOk(out.write(new byte[24]));
        assertEquals(0L, ok(out.checkWrite(), Long.class));
        assertFalse(out.subscribe().isReady());
        // the consumer takes one chunk: its room comes back
        Flow.Subscription[] sub = new Flow.Subscription[1];
        List<Integer> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        response.body().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                sub[0] = s;
            }

            @Override
            public void onNext(ByteBuffer item) {
                got.add(item.remaining());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertEquals(List.of(), got, "nothing is pushed without demand");
        sub[0].request(1);
        assertEquals(List.of(1000), got);
        assertTrue(out.subscribe().isReady());
        assertEquals(1000L, ok(out.checkWrite(), Long.class));
        sub[0].request(5);
        assertEquals(List.of(1000, 24), got);
        assertEquals(1024L, ok(out.checkWrite(), Long.class));
    }

    @Test
    void aSlowConsumerSlowsTheGuestAndTheBufferStaysBounded() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        StreamedBody streamed = (StreamedBody) response.body();
        AtomicLong maxBuffered = new AtomicLong();
        byte[] expected = new byte[64 * 1024];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        // the guest, on its own thread, writes 64 KiB through a 1 KiB buffer
        CompletableFuture<Void> guest = CompletableFuture.runAsync(() -> {
            for (int off = 0; off < expected.length; off += 512) {
                assertOk(out.blockingWriteAndFlush(java.util.Arrays.copyOfRange(expected, off, off + 512)));
                maxBuffered.accumulateAndGet(streamed.buffered(), Math::max);
            }
            out.close();
            assertOk(body.finish(Optional.empty()));
        });
        Thread.sleep(100);
        assertFalse(guest.isDone(), "nobody reads: the guest waits");
        assertTrue(streamed.buffered() <= 1024, "buffered " + streamed.buffered());
        Bodies.Collector slow = new Bodies.Collector(1);
        response.body().subscribe(slow);
        assertArrayEquals(expected, slow.await());
        guest.get(30, TimeUnit.SECONDS);
        assertTrue(maxBuffered.get() <= 1024, "max buffered " + maxBuffered.get());
        assertTrue(slow.chunks.get() >= 64, "chunks " + slow.chunks.get());
    }

    @Test
    void aPauseOfTheGuestIsToldOnceAfterTheChunksItWrote() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        StreamedBody streamed = (StreamedBody) response.body();
        assertTrue(response.body().announcesPauses());
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Flow.Subscription[] sub = new Flow.Subscription[1];
        class Listener implements Flow.Subscriber<ByteBuffer>, dev.wasmlet.handler.Body.PauseListener {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                sub[0] = s;
            }

            @Override
            public void onNext(ByteBuffer item) {
                events.add("chunk " + item.remaining());
            }

            @Override
            public void onPause() {
                events.add("pause");
            }

            @Override
            public void onError(Throwable t) {
                events.add("error");
            }

            @Override
            public void onComplete() {
                events.add("end");
            }
        }
        response.body().subscribe(new Listener());
        streamed.pause();
        assertEquals(List.of(), events, "no pause before anything was written");
        sub[0].request(1);
        assertOk(out.write(b("ab")));
        assertOk(out.write(b("cde")));
        streamed.pause();
        assertEquals(List.of("chunk 2"), events, "the pause waits behind the chunk the consumer has not taken");
        sub[0].request(1);
        assertEquals(List.of("chunk 2", "chunk 3", "pause"), events);
        streamed.pause();
        assertEquals(3, events.size(), "nothing written since the last pause");
        sub[0].request(5);
        assertOk(out.write(b("f")));
        assertOk(out.write(b("g")));
        assertEquals(List.of("chunk 2", "chunk 3", "pause", "chunk 1", "chunk 1"), events, "no pause while writing");
        out.close();
        assertOk(body.finish(Optional.empty()));
        assertEquals("end", events.get(events.size() - 1));
    }

    @Test
    void writingPastTheContentLengthFailsTheWriteAndTheBody() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields("content-length", "5"));
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        assertEquals(5, response.body().declaredLength());
        Bodies.Collector c = Bodies.Collector.of(response.body());
        assertOk(out.blockingWriteAndFlush(b("abc")));
        IoError error = Http.failed(out.blockingWriteAndFlush(b("def")));
        assertEquals("HTTP-response-body-size(6)", ErrorCode.describe(TYPES.httpErrorCode(error).orElseThrow()));
        ExecutionException e = assertThrows(ExecutionException.class, c::await);
        HttpErrorException cause = assertInstanceOf(HttpErrorException.class, e.getCause());
        assertEquals(ErrorCode.HTTP_RESPONSE_BODY_SIZE, cause.errorCode());
    }

    @Test
    void finishingShortOfTheContentLengthIsAnError() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields("content-length", "5"));
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        Bodies.Collector c = Bodies.Collector.of(response.body());
        assertOk(out.blockingWriteAndFlush(b("abc")));
        out.close();
        ResultValue finished = TYPES.outgoingBodyFinish(body, Optional.empty());
        Http.assertErrorCode(ErrorCode.HTTP_RESPONSE_BODY_SIZE, finished);
        assertEquals("HTTP-response-body-size(3)", ErrorCode.describe((VariantValue) finished.payload()));
        assertThrows(ExecutionException.class, c::await);
    }

    @Test
    void exactlyTheContentLengthIsFine() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields("content-length", "5"));
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        Bodies.Collector c = Bodies.Collector.of(response.body());
        assertOk(out.blockingWriteAndFlush(b("abcde")));
        assertOk(TYPES.outgoingBodyFinish(body, Optional.empty()));
        assertEquals("abcde", new String(c.await(), StandardCharsets.UTF_8));
    }

    @Test
    void droppingTheBodyUnfinishedFailsItsConsumer() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        Bodies.Collector c = Bodies.Collector.of(response.body());
        assertOk(out.blockingWriteAndFlush(b("partial")));
        out.close();
        body.close(); // the guest's resource.drop
        ExecutionException e = assertThrows(ExecutionException.class, c::await);
        assertEquals(ErrorCode.HTTP_PROTOCOL_ERROR, assertInstanceOf(HttpErrorException.class, e.getCause()).errorCode());
        assertThrows(ExecutionException.class,
                () -> response.body().trailers().toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void aGuestThatDiesFailsItsUnfinishedBodies() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        Bodies.Collector c = Bodies.Collector.of(response.body());
        assertOk(out.blockingWriteAndFlush(b("partial")));
        Http.context(store).endRequest(new GuestTrapException("wasm trap: unreachable"));
        ExecutionException e = assertThrows(ExecutionException.class, c::await);
        assertTrue(e.getCause().getMessage().contains("unreachable"), e.getCause().getMessage());
        // the guest's stream is closed for good
        Http.failed(out.checkWrite());
    }

    @Test
    void aBodyIsSubscribedToOnce() throws Exception {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        Response response = set(r);
        Bodies.Collector.of(response.body());
        Bodies.Collector second = Bodies.Collector.of(response.body());
        ExecutionException e = assertThrows(ExecutionException.class, second::await);
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void aConsumerThatCancelsClosesTheGuestsStream() {
        OutgoingResponse r = TYPES.newOutgoingResponse(store, fields());
        OutgoingBody body = ok(TYPES.outgoingResponseBody(r), OutgoingBody.class);
        OutputStream out = ok(TYPES.outgoingBodyWrite(body), OutputStream.class);
        Response response = set(r);
        response.body().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.cancel();
            }

            @Override
            public void onNext(ByteBuffer item) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        Http.assertClosed(out.blockingWriteAndFlush(b("nobody listens")));
    }
}
