package dev.wasmlet.servlet.internal;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A servlet request's body as a {@link Body}: bytes are read from the container only when the
 * subscriber has demand, so a slow guest never makes the host buffer the upload; the TCP window
 * pushes back on the client instead.
 *
 * <h2>Who reads</h2>
 * Reading happens in {@link #drain()}, entered from two sides: the container calling {@link
 * #onDataAvailable()} (data arrived after {@code isReady()} said no), and the subscriber calling
 * {@code request(n)} (demand arrived while data may be waiting). A work-in-progress counter lets
 * one thread at a time run the loop, which reads a chunk only while there is demand and {@code
 * isReady()} is true. Returning because {@code isReady()} was false is what makes the container
 * call {@code onDataAvailable()} again; returning for lack of demand leaves the data in the
 * container until {@code request(n)} resumes the loop. Every signal to the subscriber is sent
 * from inside the loop, so they are serial.
 *
 * <p>The body ends with {@code onAllDataRead()} or a read of -1; its trailers are then taken
 * from {@code getTrailerFields()} and complete {@link #trailers()} before {@code onComplete}.
 * More than {@code limit} bytes fail the body with {@link RequestBodyTooLarge}; a container read
 * error (the client went away) fails it with {@link ClientGone}. Either is also reported to the
 * exchange through {@code onFailure}.
 */
public final class RequestBody implements Body, ReadListener {
    /** Bytes asked of the container per read. */
    static final int CHUNK_BYTES = 16 * 1024;

    private final HttpServletRequest request;
    private final long declaredLength;
    private final long limit;
    private final Consumer<Throwable> onFailure;
    private final CompletableFuture<Headers> trailers = new CompletableFuture<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicReference<Runnable> closeThen = new AtomicReference<>();
    private volatile ServletInputStream in;
    private volatile Flow.Subscriber<? super ByteBuffer> subscriber;
    private volatile boolean cancelled;
    /** The content ended; {@link #endTrailers} hold the trailers read at that moment. */
    private volatile boolean ended;
    private volatile Headers endTrailers = Headers.EMPTY;
    private volatile Throwable failure;
    private volatile Throwable closeCause;
    /** Confined to the drain loop: the stream may no longer be touched (the exchange ended). */
    private boolean streamClosed;
    /** Confined to the drain loop: the subscriber got its terminal signal. */
    private boolean terminated;
    /** Confined to the drain loop. */
    private long received;

    /**
     * @param limit the most bytes accepted; 0 means no limit
     * @param onFailure told once when the body fails on the host's side (too large, read error)
     */
    public RequestBody(HttpServletRequest request, long limit, Consumer<Throwable> onFailure) {
        this.request = request;
        this.declaredLength = request.getContentLengthLong();
        this.limit = limit;
        this.onFailure = onFailure;
    }

    /** Starts listening; call on the container thread after {@code startAsync}. */
    public void start() throws IOException {
        ServletInputStream stream = request.getInputStream();
        this.in = stream;
        stream.setReadListener(this);
    }

    @Override
    public CompletionStage<Headers> trailers() {
        return trailers;
    }

    @Override
    public long declaredLength() {
        return declaredLength;
    }

    /**
     * Stops using the servlet stream, at a moment when no read is in progress, then runs {@code
     * then} (which may complete the exchange). A subscriber whose body had not ended gets {@code
     * onError(cause)}, now or when it subscribes.
     */
    public void close(Throwable cause, Runnable then) {
        if (!closing.compareAndSet(false, true)) {
            throw new IllegalStateException("the request body is closed once");
        }
        closeCause = cause;
        closeThen.set(then);
        drain();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        if (!subscribed.compareAndSet(false, true)) {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("a body can be subscribed to once"));
            return;
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    if (failure == null) {
                        failure = new IllegalArgumentException("request(" + n + "): demand must be positive");
                    }
                } else {
                    demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                }
                drain();
            }

            @Override
            public void cancel() {
                cancelled = true;
                drain();
            }
        });
        subscriber = s;
        drain();
    }

    @Override
    public void onDataAvailable() {
        drain();
    }

    @Override
    public void onAllDataRead() {
        if (!ended) {
            endTrailers = readTrailers();
            ended = true;
        }
        drain();
    }

    @Override
    public void onError(Throwable t) {
        ClientGone gone = new ClientGone(t);
        if (failure == null) {
            failure = gone;
        }
        onFailure.accept(gone);
        drain();
    }

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
            try {
                loop();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
                terminateWithFailure();
            }
            if (then != null) {
                then.run();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void loop() {
        Flow.Subscriber<? super ByteBuffer> s = subscriber;
        if (terminated || s == null) {
            return;
        }
        while (true) {
            if (cancelled) {
                terminated = true;
                return;
            }
            if (failure != null) {
                terminateWithFailure();
                return;
            }
            if (ended) {
                terminated = true;
                trailers.complete(endTrailers);
                s.onComplete();
                return;
            }
            if (streamClosed) {
                failure = closeCause != null ? closeCause : new ClientGone(null);
                continue;
            }
            if (demand.get() == 0) {
                return;
            }
            ServletInputStream stream = in;
            if (stream == null || !stream.isReady()) {
                return; // the container calls onDataAvailable, onAllDataRead or onError next
            }
            if (stream.isFinished()) {
                endOfContent();
                continue;
            }
            byte[] chunk = new byte[CHUNK_BYTES];
            int n;
            try {
                n = stream.read(chunk);
            } catch (IOException e) {
                ClientGone gone = new ClientGone(e);
                failure = gone;
                onFailure.accept(gone);
                continue;
            }
            if (n < 0) {
                endOfContent();
                continue;
            }
            if (n == 0) {
                continue;
            }
            received += n;
            if (limit > 0 && received > limit) {
                RequestBodyTooLarge tooLarge = new RequestBodyTooLarge(limit);
                failure = tooLarge;
                onFailure.accept(tooLarge);
                continue;
            }
            demand.decrementAndGet();
            // A small read does not pin a whole chunk while the guest holds it.
            s.onNext(ByteBuffer.wrap(n < CHUNK_BYTES / 4 ? Arrays.copyOf(chunk, n) : chunk, 0, n));
        }
    }

    private void endOfContent() {
        if (!ended) {
            endTrailers = readTrailers();
            ended = true;
        }
    }

    private void terminateWithFailure() {
        Flow.Subscriber<? super ByteBuffer> s = subscriber;
        if (terminated || s == null) {
            return;
        }
        terminated = true;
        trailers.completeExceptionally(failure);
        s.onError(failure);
    }

    private Headers readTrailers() {
        try {
            if (!request.isTrailerFieldsReady()) {
                return Headers.EMPTY;
            }
            Map<String, String> fields = request.getTrailerFields();
            if (fields == null || fields.isEmpty()) {
                return Headers.EMPTY;
            }
            List<Headers.Field> list = new ArrayList<>();
            fields.forEach((name, value) -> list.add(new Headers.Field(name, value)));
            return new Headers(list);
        } catch (IllegalStateException e) {
            return Headers.EMPTY;
        }
    }
}
