package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Bodies and subscribers for the tests. */
final class Bodies {
    private Bodies() {
    }

    /** Reads a whole body, requesting one chunk at a time, and its trailers. */
    static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final AtomicInteger chunks = new AtomicInteger();
        private final long delayMillis;
        private Flow.Subscription subscription;

        Collector() {
            this(0);
        }

        /** A collector that sleeps {@code delayMillis} before each further request: a slow client. */
        Collector(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        static Collector of(Body body) {
            Collector c = new Collector();
            body.subscribe(c);
            return c;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            synchronized (bytes) {
                bytes.writeBytes(b);
            }
            chunks.incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            synchronized (bytes) {
                done.complete(bytes.toByteArray());
            }
        }

        byte[] await() throws Exception {
            return done.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A request body fed by the test: chunks are offered with {@link #offer(byte[])}, delivered
     * only on demand; {@link #requests} counts the demand the host made.
     */
    static class Fed implements Body {
        final CompletableFuture<Headers> trailers = new CompletableFuture<>();
        final BlockingQueue<Long> requests = new LinkedBlockingQueue<>();
        private final List<byte[]> pending = new ArrayList<>();
        private Flow.Subscriber<? super ByteBuffer> subscriber;
        private long demand;
        private boolean complete;
        volatile boolean cancelled;
        long declaredLength = -1;

        @Override
        public CompletionStage<Headers> trailers() {
            return trailers;
        }

        @Override
        public long declaredLength() {
            return declaredLength;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            synchronized (this) {
                subscriber = s;
            }
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requests.add(n);
                    synchronized (Fed.this) {
                        demand += n;
                    }
                    pump();
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        void offer(byte[] chunk) {
            synchronized (this) {
                pending.add(chunk);
            }
            pump();
        }

        void complete(Headers trailerFields) {
            synchronized (this) {
                complete = true;
            }
            trailers.complete(trailerFields);
            pump();
        }

        synchronized boolean subscribed() {
            return subscriber != null;
        }

        private void pump() {
            while (true) {
                Flow.Subscriber<? super ByteBuffer> s;
                byte[] chunk = null;
                boolean end = false;
                synchronized (this) {
                    s = subscriber;
                    if (s == null) {
                        return;
                    }
                    if (demand > 0 && !pending.isEmpty()) {
                        chunk = pending.remove(0);
                        demand--;
                    } else if (pending.isEmpty() && complete) {
                        complete = false;
                        end = true;
                    } else {
                        return;
                    }
                }
                if (chunk != null) {
                    s.onNext(ByteBuffer.wrap(chunk));
                } else if (end) {
                    s.onComplete();
                    return;
                }
            }
        }
    }
}
