package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.ByteSink;
import dev.wasmlet.runtime.wasi.Wakers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * A body the guest writes, published as it is written: the body of a {@code response-outparam}
 * response, or of an outgoing request handed to {@link java.net.http.HttpClient}.
 *
 * <p>The guest writes through {@link #sink()}, a {@link ByteSink} whose {@code check-write} permit
 * is the room left in a bounded buffer; a chunk leaves the buffer when the subscriber takes it
 * ({@code onNext}, within its demand). So a slow consumer makes the guest wait, and at most the
 * bound is ever held. {@link #finish(Headers)} ends the content and completes {@link #trailers()};
 * {@link #abort(Throwable)} fails the subscriber and the trailers.
 *
 * <p>A declared length ({@code content-length}) is enforced: a write past it fails (and fails the
 * body), and finishing short of it returns the size error and fails the body, as Wasmtime's
 * {@code HostOutgoingBody} does. Signals to the subscriber are serialized; the guest side runs on
 * the guest thread, the subscriber side on any thread.
 */
final class StreamedBody implements Body {
    private final int capacity;
    private final long declaredLength;
    private final LongFunction<VariantValue> sizeError;
    private final CompletableFuture<Headers> trailers = new CompletableFuture<>();
    private final Wakers writerWakers = new Wakers();
    private final AtomicInteger drainers = new AtomicInteger();
    private final Sink sink = new Sink();

    // Guarded by this.
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long buffered;
    private long written;
    private boolean finished;
    private Throwable failure;
    private boolean cancelled;
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private boolean terminated;
    /** The guest paused after writing; told to a {@link Body.PauseListener} once the queue is empty. */
    private boolean pausePending;
    /** Whether chunks went to the subscriber since it was last told of a pause. */
    private boolean deliveredSincePause;

    private StreamedBody(int capacity, long declaredLength, LongFunction<VariantValue> sizeError) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.declaredLength = declaredLength;
        this.sizeError = sizeError;
    }

    /** The body of a guest's response; {@code declaredLength} is its content-length, or -1. */
    static StreamedBody forResponse(int capacity, long declaredLength) {
        return new StreamedBody(capacity, declaredLength, ErrorCode::responseBodySize);
    }

    /** The body of a guest's outgoing request; {@code declaredLength} is its content-length, or -1. */
    static StreamedBody forRequest(int capacity, long declaredLength) {
        return new StreamedBody(capacity, declaredLength, ErrorCode::requestBodySize);
    }

    /** The guest's end: what its {@code output-stream} writes to. */
    ByteSink sink() {
        return sink;
    }

    @Override
    public CompletionStage<Headers> trailers() {
        return trailers;
    }

    @Override
    public long declaredLength() {
        return declaredLength;
    }

    @Override
    public boolean announcesPauses() {
        return true;
    }

    /** The guest pauses (it is about to wait): a {@link Body.PauseListener} subscriber is told, after what is queued. */
    void pause() {
        synchronized (this) {
            if (!deliveredSincePause && queue.isEmpty()) {
                return; // nothing written since the last pause
            }
            pausePending = true;
        }
        drain();
    }

    /** How many bytes the guest has written. */
    synchronized long written() {
        return written;
    }

    /** How many written bytes the consumer has not taken yet. */
    synchronized long buffered() {
        return buffered;
    }

    /** Whether the body was finished or failed. */
    synchronized boolean isClosed() {
        return finished || failure != null;
    }

    /** Whether the guest finished the body successfully. */
    synchronized boolean isFinished() {
        return finished;
    }

    /**
     * Ends the content; the trailers complete with {@code trailerFields} (empty when null).
     *
     * @return null, or the {@code error-code} when the guest wrote other than the declared
     *     length, in which case the body fails instead
     */
    VariantValue finish(Headers trailerFields) {
        VariantValue error = null;
        synchronized (this) {
            if (finished || failure != null) {
                return null;
            }
            if (declaredLength >= 0 && written != declaredLength) {
                error = sizeError.apply(written);
            } else {
                finished = true;
            }
        }
        if (error != null) {
            abort(new HttpErrorException(error, "the guest wrote " + written + " bytes of a body declared as "
                    + declaredLength));
            return error;
        }
        trailers.complete(trailerFields == null ? Headers.EMPTY : trailerFields);
        writerWakers.wakeAll();
        drain();
        return null;
    }

    /** Fails the body: the subscriber gets {@code cause}, at once; so do the trailers. Idempotent. */
    void abort(Throwable cause) {
        synchronized (this) {
            if (finished || failure != null) {
                return;
            }
            failure = cause;
            queue.clear();
            buffered = 0;
        }
        trailers.completeExceptionally(cause);
        writerWakers.wakeAll();
        drain();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        boolean first;
        synchronized (this) {
            first = subscriber == null;
            if (first) {
                subscriber = s;
            }
        }
        if (!first) {
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
        s.onSubscribe(new Subscription());
        drain();
    }

    /**
     * Delivers what is due to the subscriber: chunks within its demand, then the end or the
     * failure. Runs on whichever thread made something due; one thread at a time.
     */
    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        do {
            while (true) {
                Flow.Subscriber<? super ByteBuffer> s;
                ByteBuffer item = null;
                Throwable error = null;
                boolean complete = false;
                boolean paused = false;
                synchronized (this) {
                    s = subscriber;
                    if (s == null || terminated || cancelled) {
                        break;
                    }
                    if (failure != null) {
                        terminated = true;
                        error = failure;
                    } else if (demand > 0 && !queue.isEmpty()) {
                        item = queue.pollFirst();
                        buffered -= item.remaining();
                        demand--;
                        deliveredSincePause = true;
                    } else if (queue.isEmpty() && finished) {
                        terminated = true;
                        complete = true;
                    } else if (queue.isEmpty() && pausePending) {
                        pausePending = false;
                        deliveredSincePause = false;
                        paused = true;
                    } else {
                        break;
                    }
                }
                if (item != null) {
                    writerWakers.wakeAll();
                    s.onNext(item);
                } else if (error != null) {
                    s.onError(error);
                } else if (complete) {
                    s.onComplete();
                } else if (paused && s instanceof Body.PauseListener) {
                    ((Body.PauseListener) s).onPause();
                }
            }
        } while (drainers.decrementAndGet() != 0);
    }

    private final class Subscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            if (n <= 0) {
                abort(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            synchronized (StreamedBody.this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            drain();
        }

        @Override
        public void cancel() {
            synchronized (StreamedBody.this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                queue.clear();
                buffered = 0;
            }
            trailers.completeExceptionally(new ClosedChannelException());
            writerWakers.wakeAll();
        }
    }

    private final class Sink implements ByteSink {
        @Override
        public long checkWrite() throws IOException {
            synchronized (StreamedBody.this) {
                checkOpen();
                return Math.max(0, capacity - buffered);
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            HttpErrorException tooLong = null;
            synchronized (StreamedBody.this) {
                checkOpen();
                if (bytes.length > capacity - buffered) {
                    throw new IllegalStateException("write of " + bytes.length + " bytes exceeds the "
                            + Math.max(0, capacity - buffered) + " bytes the body can take");
                }
                if (bytes.length == 0) {
                    return;
                }
                if (declaredLength >= 0 && written + bytes.length > declaredLength) {
                    tooLong = new HttpErrorException(sizeError.apply(written + bytes.length),
                            "the guest wrote more than the declared content-length " + declaredLength);
                } else {
                    written += bytes.length;
                    buffered += bytes.length;
                    queue.addLast(ByteBuffer.wrap(bytes));
                    pausePending = false; // producing again
                }
            }
            if (tooLong != null) {
                abort(tooLong);
                throw tooLong;
            }
            drain();
        }

        @Override
        public void flush() throws IOException {
            synchronized (StreamedBody.this) {
                checkOpen();
            }
        }

        @Override
        public boolean isReady() {
            synchronized (StreamedBody.this) {
                return buffered < capacity || finished || failure != null || cancelled;
            }
        }

        @Override
        public void addWaker(Runnable waker) {
            writerWakers.add(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            writerWakers.remove(waker);
        }

        /** Guarded by the body. */
        private void checkOpen() throws IOException {
            if (failure != null) {
                if (failure instanceof IOException e) {
                    throw e;
                }
                throw new IOException(failure.toString(), failure);
            }
            if (cancelled || finished) {
                throw new ClosedChannelException();
            }
        }
    }
}
