package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.ByteSource;
import dev.wasmlet.runtime.wasi.Wakers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

/**
 * A body that arrives from a {@link Flow.Publisher}, read by the guest as a {@link ByteSource}:
 * the request body of an incoming request, the response body of an outgoing request.
 *
 * <p>Reading is demand-driven. The publisher is subscribed to when the guest first reads or
 * waits, and one more item is requested only when the guest wants more (a read, or a wait for
 * readiness) and nothing is buffered, so at most one item is ever held here: a slow guest slows
 * the producer and the body is never buffered whole.
 *
 * <p>A declared length is enforced: more bytes, or fewer at the end, fail the stream with {@code
 * HTTP-request-body-size} or {@code HTTP-response-body-size}. A between-bytes timeout, when set,
 * fails the stream with {@code connection-read-timeout} when an item requested does not arrive in
 * time. The guest side is confined to the guest thread; the subscriber side may run on any thread.
 */
final class BodySource implements ByteSource {
    private final Wakers wakers = new Wakers();
    private final Flow.Publisher<?> publisher;
    private final boolean listItems;
    private final long declaredLength;
    private final LongFunction<VariantValue> sizeError;
    private final long betweenBytesNanos;

    // Guarded by this.
    private Flow.Subscription subscription;
    private boolean subscribed;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private boolean demanded;
    private long demandedAt;
    private boolean ended;
    private IOException failure;
    private boolean cancelled;
    private boolean discarding;
    private long received;

    private BodySource(Flow.Publisher<?> publisher, boolean listItems, long declaredLength,
                       LongFunction<VariantValue> sizeError, long betweenBytesNanos) {
        this.publisher = publisher;
        this.listItems = listItems;
        this.declaredLength = declaredLength;
        this.sizeError = sizeError;
        this.betweenBytesNanos = betweenBytesNanos;
    }

    /** The body of an incoming request: a publisher of buffers, no timeout. */
    static BodySource ofRequest(Flow.Publisher<ByteBuffer> body, long declaredLength) {
        return new BodySource(body, false, declaredLength, ErrorCode::requestBodySize, Long.MAX_VALUE);
    }

    /** The body of a response from {@link java.net.http.HttpClient}: a publisher of buffer lists. */
    static BodySource ofResponse(Flow.Publisher<List<ByteBuffer>> body, long declaredLength, long betweenBytesNanos) {
        return new BodySource(body, true, declaredLength, ErrorCode::responseBodySize, betweenBytesNanos);
    }

    @Override
    public byte[] read(int max) throws IOException {
        Object r = take(max);
        if (r == null) {
            demand();
            r = take(max); // a publisher may deliver within request(1)
        }
        if (r instanceof IOException e) {
            throw e;
        }
        if (r == END) {
            return null;
        }
        return r == null ? new byte[0] : (byte[]) r;
    }

    private static final Object END = new Object();

    /** Buffered bytes, {@link #END}, the failure, or null when nothing is here yet. */
    private synchronized Object take(int max) {
        ByteBuffer head = chunks.peekFirst();
        if (head != null) {
            int n = Math.min(max, head.remaining());
            byte[] out = new byte[n];
            head.get(out);
            if (!head.hasRemaining()) {
                chunks.pollFirst();
            }
            return out;
        }
        if (failure != null) {
            return failure;
        }
        if (ended || cancelled) {
            return END;
        }
        if (timedOut()) {
            fail(new HttpErrorException(ErrorCode.CONNECTION_READ_TIMEOUT.value(),
                    "no data for " + (betweenBytesNanos / 1_000_000) + " ms"));
            return failure;
        }
        return null;
    }

    /** Subscribes, or requests one more item, unless an item is already on its way. */
    private void demand() {
        Flow.Subscription s;
        boolean subscribe = false;
        synchronized (this) {
            if (cancelled || ended || failure != null || !chunks.isEmpty() || demanded) {
                return;
            }
            demanded = true;
            demandedAt = System.nanoTime();
            if (!subscribed) {
                subscribed = true;
                subscribe = true;
            }
            s = subscription;
        }
        if (subscribe) {
            subscribeNow();
        } else if (s != null) {
            s.request(1);
        }
    }

    @SuppressWarnings("unchecked")
    private void subscribeNow() {
        if (listItems) {
            ((Flow.Publisher<List<ByteBuffer>>) publisher).subscribe(new ListSubscriber());
        } else {
            ((Flow.Publisher<ByteBuffer>) publisher).subscribe(new BufferSubscriber());
        }
    }

    @Override
    public boolean isReady() {
        if (readyNow()) {
            return true;
        }
        demand(); // waiting for readiness is wanting more
        return readyNow();
    }

    private synchronized boolean readyNow() {
        return !chunks.isEmpty() || ended || failure != null || cancelled || timedOut();
    }

    private boolean timedOut() {
        return demanded && betweenBytesNanos != Long.MAX_VALUE && System.nanoTime() - demandedAt >= betweenBytesNanos;
    }

    @Override
    public synchronized long nanosUntilReady() {
        if (!demanded || betweenBytesNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, betweenBytesNanos - (System.nanoTime() - demandedAt));
    }

    @Override
    public void addWaker(Runnable waker) {
        wakers.add(waker);
    }

    @Override
    public void removeWaker(Runnable waker) {
        wakers.remove(waker);
    }

    /** Whether the body has ended or failed: nothing more will come. */
    synchronized boolean isDone() {
        return ended || failure != null || cancelled;
    }

    /** The failure, or null. */
    synchronized IOException failure() {
        return failure;
    }

    /** Reads the rest of the body and drops it, to get to its end (and its trailers). */
    void drain() {
        Flow.Subscription s;
        boolean subscribe;
        synchronized (this) {
            if (cancelled || ended || failure != null) {
                return;
            }
            discarding = true;
            chunks.clear();
            subscribe = !subscribed;
            subscribed = true;
            demanded = true;
            demandedAt = System.nanoTime();
            s = subscription;
        }
        if (subscribe) {
            subscribeNow();
        } else if (s != null) {
            s.request(Long.MAX_VALUE);
        }
    }

    /**
     * Stops the body: cancels the subscription (subscribing first when the publisher was never
     * subscribed to, so that its producer learns the body is not wanted). Idempotent.
     */
    void cancel() {
        Flow.Subscription s;
        boolean subscribe;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            chunks.clear();
            subscribe = !subscribed && !ended && failure == null;
            subscribed = true;
            s = subscription;
        }
        if (subscribe) {
            subscribeNow(); // onSubscribe sees cancelled and cancels
        } else if (s != null) {
            s.cancel();
        }
        wakers.wakeAll();
    }

    /** Guarded by this. The reader gets {@code e} after what is buffered; the producer is cancelled. */
    private void fail(IOException e) {
        if (failure == null && !ended) {
            failure = e;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    private void onSubscribe(Flow.Subscription s) {
        long request;
        synchronized (this) {
            if (subscription != null) {
                s.cancel();
                return;
            }
            subscription = s;
            if (cancelled) {
                request = -1;
            } else {
                request = discarding ? Long.MAX_VALUE : demanded ? 1 : 0;
            }
        }
        if (request < 0) {
            s.cancel();
        } else if (request > 0) {
            s.request(request);
        }
    }

    private void onItem(ByteBuffer b) {
        synchronized (this) {
            if (cancelled || failure != null || ended) {
                return;
            }
            received += b.remaining();
            if (declaredLength >= 0 && received > declaredLength) {
                fail(new HttpErrorException(sizeError.apply(received),
                        "the body is longer than its content-length " + declaredLength));
            } else if (!discarding && b.hasRemaining()) {
                chunks.addLast(b);
            }
        }
    }

    private void onItemsDone() {
        synchronized (this) {
            if (!discarding) {
                demanded = false;
            }
        }
        wakers.wakeAll();
    }

    private void onComplete() {
        synchronized (this) {
            if (failure == null && !cancelled) {
                if (declaredLength >= 0 && received != declaredLength) {
                    fail(new HttpErrorException(sizeError.apply(received),
                            "the body ended after " + received + " of its content-length " + declaredLength
                                    + " bytes"));
                } else {
                    ended = true;
                }
            }
            demanded = false;
        }
        wakers.wakeAll();
    }

    private void onError(Throwable t) {
        synchronized (this) {
            if (!cancelled && failure == null && !ended) {
                HttpErrorException h = HttpErrorException.find(t);
                failure = h != null ? h : t instanceof IOException io ? io : new IOException(t.toString(), t);
            }
            demanded = false;
        }
        wakers.wakeAll();
    }

    private final class BufferSubscriber implements Flow.Subscriber<ByteBuffer> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            BodySource.this.onSubscribe(s);
        }

        @Override
        public void onNext(ByteBuffer item) {
            onItem(item);
            onItemsDone();
        }

        @Override
        public void onError(Throwable t) {
            BodySource.this.onError(t);
        }

        @Override
        public void onComplete() {
            BodySource.this.onComplete();
        }
    }

    private final class ListSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            BodySource.this.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                onItem(b);
            }
            onItemsDone();
        }

        @Override
        public void onError(Throwable t) {
            BodySource.this.onError(t);
        }

        @Override
        public void onComplete() {
            BodySource.this.onComplete();
        }
    }
}
