package dev.wasmlet.servlet.internal;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.Response;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes one {@link Response} to a servlet response without blocking: status and headers, then
 * its body, then its trailers.
 *
 * <h2>Who calls request(n)</h2>
 * Only this writer, and only when the container says it can take more: the loop asks {@code
 * isReady()} and, when it is true and no chunk is waiting, calls {@code request(1)}. A chunk that
 * arrives is written once {@code isReady()} is true again. When {@code isReady()} is false the
 * loop returns and the container calls {@code WriteListener.onWritePossible()} once the socket drains. So a
 * slow client holds back the guest through the missing demand, and the host never holds more
 * than one chunk of the guest's output beyond what the container buffers.
 *
 * <p>The loop is entered from the container ({@code onWritePossible}, {@code onError}), from the publisher
 * ({@code onSubscribe}, {@code onNext}, completion) and from {@link #close}; a work-in-progress
 * counter lets one thread at a time run it, so the servlet stream is never used concurrently,
 * and never after {@link #close} handed the exchange back.
 * Output is flushed when the writer is left waiting for a guest that paused (it waits for input,
 * time or room), or for any producer that does not announce pauses ({@link
 * Body#announcesPauses()}); so a streaming guest's bytes reach the client as it produces them,
 * while a guest that writes a body in several pieces and ends it has it sent in one write.
 *
 * <p>Trailers: before the first byte of the body goes to the container (and so before the
 * response is committed), {@code setTrailerFields} installs a supplier that returns the body's
 * trailers; the container reads it when the exchange completes, which the writer asks for only
 * after {@link dev.wasmlet.handler.Body#trailers()} has completed. A producer that announces
 * pauses has its first chunk held until what follows is known: when that is the end and there
 * are no trailers, no supplier is installed, and the container sends the whole response, with
 * its length, in one write.
 */
public final class ResponseWriter implements Flow.Subscriber<ByteBuffer>, Body.PauseListener {
    /** Response headers that describe the connection, not the message: never copied from a guest. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "http2-settings", "te");

    /** What the writer tells its exchange. */
    public interface Outcome {
        /** The body and trailers were written: complete the exchange. */
        void written();

        /** The guest's body failed after the response started: break the connection. */
        void bodyFailed(Throwable cause);

        /** Writing failed: the client went away. */
        void clientGone(Throwable cause);
    }

    private final HttpServletResponse response;
    private final Response source;
    private final boolean closeConnection;
    private final Outcome outcome;
    /** Whether chunks may wait in the container's buffer until the producer pauses. */
    private final boolean holdBack;
    private final AtomicInteger wip = new AtomicInteger();
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicReference<Runnable> closeThen = new AtomicReference<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean upstreamDone;
    private volatile Throwable upstreamError;
    private volatile boolean trailersReady;
    private volatile Map<String, String> trailerFields = Map.of();
    private volatile Throwable writeError;
    /** Set once the writer gave up on the body: a late {@code onSubscribe} is cancelled at once. */
    private volatile boolean stopped;
    /** Whether the producer paused since the chunk it last delivered. */
    private volatile boolean producerPaused;
    /** Confined to the loop. */
    private ServletOutputStream out;
    private boolean started;
    private boolean streamClosed;
    private boolean terminated;
    private boolean unflushed;
    /** Whether the response may carry trailers (it has no declared length). */
    private boolean trailersAllowed;
    /** Whether the writer settled on installing the trailer supplier or not. */
    private boolean trailersChosen;

    /**
     * @param closeConnection ask the container to close the connection after this response
     */
    public ResponseWriter(HttpServletResponse response, Response source, boolean closeConnection, Outcome outcome) {
        this.response = response;
        this.source = source;
        this.closeConnection = closeConnection;
        this.outcome = outcome;
        this.holdBack = source.body().announcesPauses();
    }

    /** Starts writing, on whatever thread the response arrived. */
    public void start() {
        drain();
    }

    /**
     * Stops using the servlet stream at a moment when no write is in progress, cancels the
     * body's subscription unless it ended, then runs {@code then} (which completes the exchange).
     */
    public void close(Runnable then) {
        if (!closing.compareAndSet(false, true)) {
            throw new IllegalStateException("the response writer is closed once");
        }
        closeThen.set(then);
        drain();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (stopped) {
            s.cancel(); // closed before the publisher called back
            return;
        }
        drain();
    }

    @Override
    public void onNext(ByteBuffer item) {
        producerPaused = false;
        queue.offer(item);
        outstanding.decrementAndGet();
        drain();
    }

    @Override
    public void onPause() {
        producerPaused = true;
        drain();
    }

    @Override
    public void onError(Throwable t) {
        upstreamError = t;
        drain();
    }

    @Override
    public void onComplete() {
        upstreamDone = true;
        drain();
    }

    /** The container's side: told when writing is possible again, or failed. */
    private final WriteListener writeListener = new WriteListener() {
        @Override
        public void onWritePossible() {
            drain();
        }

        @Override
        public void onError(Throwable t) {
            writeError = t;
            drain();
        }
    };

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Runnable then = closeThen.getAndSet(null);
            if (then != null) {
                streamClosed = true;
            }
            loop();
            if (then != null) {
                stopUpstream();
                then.run();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void loop() {
        if (terminated || streamClosed) {
            return;
        }
        try {
            if (!started) {
                started = true;
                prepare();
                source.body().trailers().whenComplete((t, e) -> {
                    trailerFields = e != null || t == null ? Map.of() : toMap(t);
                    trailersReady = true;
                    drain();
                });
                source.body().subscribe(this);
            }
            Flow.Subscription s = subscription;
            if (s == null) {
                return;
            }
            while (true) {
                if (writeError != null) {
                    throw new IOException(writeError);
                }
                ByteBuffer next = queue.peek();
                if (next != null && !trailersChosen && holdBack && !producerPaused && upstreamError == null
                        && !(upstreamDone && trailersReady) && queue.size() == 1) {
                    // the first chunk waits for what follows: more, a pause, or the end and its trailers
                    if (upstreamDone || outstanding.get() != 0) {
                        return;
                    }
                    outstanding.incrementAndGet();
                    s.request(1);
                    continue;
                }
                if (next != null) {
                    chooseTrailers();
                    if (!out.isReady()) {
                        return; // onWritePossible follows
                    }
                    write(next);
                    queue.poll();
                    continue;
                }
                if (upstreamError != null) {
                    terminated = true;
                    outcome.bodyFailed(upstreamError);
                    return;
                }
                if (upstreamDone) {
                    if (!trailersReady || !out.isReady()) {
                        return;
                    }
                    chooseTrailers();
                    terminated = true;
                    outcome.written();
                    return;
                }
                if (outstanding.get() == 0) {
                    if (!out.isReady()) {
                        return;
                    }
                    outstanding.incrementAndGet();
                    s.request(1);
                    continue;
                }
                if (unflushed && (!holdBack || producerPaused)) {
                    if (!out.isReady()) {
                        return;
                    }
                    unflushed = false;
                    out.flush();
                    continue;
                }
                return; // waiting for the guest
            }
        } catch (IOException e) {
            terminated = true;
            stopUpstream();
            outcome.clientGone(e);
        } catch (RuntimeException e) {
            terminated = true;
            stopUpstream();
            outcome.bodyFailed(e);
        }
    }

    /** Sets status and headers, and registers for writes. */
    private void prepare() throws IOException {
        response.setStatus(source.status());
        boolean hasLength = false;
        for (Headers.Field f : source.headers().fields()) {
            String name = f.name();
            if (HOP_BY_HOP.contains(name)) {
                continue;
            }
            if (name.equals("content-length")) {
                try {
                    response.setContentLengthLong(Long.parseLong(f.value().strip()));
                    hasLength = true;
                } catch (NumberFormatException e) {
                    // not a length: let the container frame the body
                }
                continue;
            }
            response.addHeader(name, f.value());
        }
        long declared = source.body().declaredLength();
        if (!hasLength && declared >= 0) {
            response.setContentLengthLong(declared);
            hasLength = true;
        }
        if (closeConnection) {
            response.setHeader("Connection", "close");
        }
        trailersAllowed = !hasLength;
        out = response.getOutputStream();
        out.setWriteListener(writeListener);
    }

    /** Installs the trailer supplier, unless the body has ended without trailers; once, before the body's first byte. */
    private void chooseTrailers() {
        if (trailersChosen) {
            return;
        }
        trailersChosen = true;
        if (!trailersAllowed || (upstreamDone && trailersReady && trailerFields.isEmpty())) {
            return;
        }
        try {
            response.setTrailerFields(() -> trailerFields);
        } catch (IllegalStateException e) {
            // HTTP/1.0 has no trailers: the body is sent without them
        }
    }

    private void write(ByteBuffer b) throws IOException {
        int n = b.remaining();
        if (b.hasArray()) {
            out.write(b.array(), b.arrayOffset() + b.position(), n);
        } else {
            byte[] copy = new byte[n];
            b.duplicate().get(copy);
            out.write(copy, 0, n);
        }
        unflushed = true;
    }

    /** Cancels the body's subscription, or subscribes only to cancel when it was never subscribed. */
    private void stopUpstream() {
        stopped = true;
        if (!started) {
            started = true;
            source.body().subscribe(new Flow.Subscriber<>() {
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
            return;
        }
        Flow.Subscription s = subscription;
        if (s != null && !upstreamDone && upstreamError == null) {
            s.cancel();
        }
    }

    private static Map<String, String> toMap(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Headers.Field f : headers.fields()) {
            map.merge(f.name().toLowerCase(Locale.ROOT), f.value(), (a, b) -> a + ", " + b);
        }
        return map;
    }
}
