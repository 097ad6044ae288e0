package dev.wasmlet.servlet;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.handler.ShouldAccept;
import dev.wasmlet.handler.WorkerInstance;
import dev.wasmlet.handler.WorkerPolicy;
import dev.wasmlet.handler.WorkerState;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.host.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ProxyHandlerFactory} of the tests (found through {@code META-INF/services}): pools
 * whose guest is Java code that behaves like a p2 guest. It runs on the worker's thread, reads
 * its request body and writes its response body with blocking calls that wait for demand, and
 * returns when it is done. The last segment of the path picks the behaviour: the routes of the
 * contract in {@code guests/README.md} ({@code /hello}, {@code /echo}, {@code /stream?n=&chunk=},
 * {@code /trailers}, {@code /request-trailers}, {@code /trap}, {@code /noset}, {@code /env} (of
 * {@code INSTANCE_ID} only), {@code /instance-id}, {@code /busy}, {@code /sleep?ms=}), and
 *
 * <ul>
 *   <li>{@code /inspect}: what the guest saw: method, scheme, authority, path, headers, pool;</li>
 *   <li>{@code /echo} also answers the request's trailers as response trailers;</li>
 *   <li>{@code /fail-mid-body}: starts a response, then its body fails.</li>
 * </ul>
 *
 * <p>Every response carries {@code x-instance} and {@code x-request-id}.
 */
public final class FakeGuests implements ProxyHandlerFactory {
    private static final AtomicLong INSTANCES = new AtomicLong();

    @Override
    public ProxyHandler<RequestContext> create(WasmletSettings settings) {
        WorkerPolicy policy = settings.workerPolicy();
        return ProxyHandler.<RequestContext>builder(() -> {
            long id = INSTANCES.incrementAndGet();
            WorkerPolicy.Worker<RequestContext> worker = policy.forWorker(() -> 0L, (store, failure) -> {
            });
            Guest guest = new Guest(id);
            WorkerState<RequestContext> state = new WorkerState<>() {
                @Override
                public ShouldAccept shouldAcceptRequest(int concurrentCount, long totalCount) {
                    return worker.shouldAcceptRequest(concurrentCount, totalCount);
                }

                @Override
                public long onRequestStart(Store store, RequestContext data) {
                    guest.context = data;
                    return worker.onRequestStart(store, data);
                }

                @Override
                public void drop(Store store, Throwable failure) {
                    worker.drop(store, failure);
                }
            };
            return new WorkerInstance<>(new Store(Map.of()), guest, worker, state);
        }).maxInstances(settings.maxInstances()).warmInstances(settings.warmInstances())
                .name("fake-" + settings.componentFileName()).build();
    }

    /** One instance: the guest's code. */
    private static final class Guest implements dev.wasmlet.handler.Proxy {
        final long id;
        /** Set by onRequestStart on the worker's thread, read by handle on the same thread. */
        RequestContext context;

        Guest(long id) {
            this.id = id;
        }

        @Override
        public void handle(Store store, Request request, CompletableFuture<Response> response) {
            URI uri = URI.create(request.pathWithQuery());
            String path = uri.getRawPath();
            try {
                run(path.substring(path.lastIndexOf('/')), uri, request, response);
            } catch (InterruptedException e) {
                throw new CoreInterrupted("guest interrupted", e);
            } catch (IOException e) {
                // the request body failed: the guest ends, as a real one does on a stream error
            }
        }

        private Headers headers(String... more) {
            List<String> h = new ArrayList<>(List.of("x-instance", Long.toString(id), "x-request-id",
                    context.requestId(), "content-type", "text/plain"));
            h.addAll(List.of(more));
            return Headers.of(h.toArray(String[]::new));
        }

        private void answer(CompletableFuture<Response> response, int status, String text) {
            response.complete(new Response(status, headers(), Body.of(bytes(text))));
        }

        private void run(String route, URI uri, Request request, CompletableFuture<Response> response)
                throws InterruptedException, IOException {
            switch (route) {
                case "/hello" -> answer(response, 200, "Hello, WASI!");
                case "/inspect" -> {
                    StringBuilder b = new StringBuilder();
                    b.append("method: ").append(request.method()).append('\n');
                    b.append("scheme: ").append(request.scheme()).append('\n');
                    b.append("authority: ").append(request.authority()).append('\n');
                    b.append("path: ").append(request.pathWithQuery()).append('\n');
                    b.append("pool: ").append(context.pool()).append('\n');
                    for (Headers.Field f : request.headers().fields()) {
                        b.append("header ").append(f.name()).append(": ").append(f.value()).append('\n');
                    }
                    answer(response, 200, b.toString());
                }
                case "/echo" -> {
                    List<String> described = new ArrayList<>(List.of("x-method", request.method(),
                            "x-path-with-query", request.pathWithQuery(), "x-authority", request.authority(),
                            "x-scheme", request.scheme()));
                    for (Headers.Field f : request.headers().fields()) {
                        described.add("x-echo-" + f.name());
                        described.add(f.value());
                    }
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, headers(described.toArray(String[]::new)), out));
                    BodyReader in = new BodyReader(request.body());
                    try {
                        for (ByteBuffer chunk = in.read(); chunk != null; chunk = in.read()) {
                            if (!out.write(chunk)) {
                                in.cancel();
                                return;
                            }
                        }
                    } catch (IOException e) {
                        out.fail(e);
                        throw e;
                    }
                    out.finish(in.trailers());
                }
                case "/request-trailers" -> {
                    BodyReader in = new BodyReader(request.body());
                    while (in.read() != null) {
                        // read to the end, as the contract says, before the trailers
                    }
                    StringBuilder lines = new StringBuilder();
                    for (Headers.Field f : in.trailers().fields()) {
                        lines.append(f.name()).append(": ").append(f.value()).append('\n');
                    }
                    answer(response, 200, lines.toString());
                }
                case "/trailers" -> {
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, headers(), out));
                    if (out.write(ByteBuffer.wrap(bytes("trailers")))) {
                        out.finish(Headers.of("x-trailer", "done"));
                    }
                }
                case "/stream" -> {
                    long n = Long.parseLong(query(uri, "n", "1048576"));
                    int chunk = Integer.parseInt(query(uri, "chunk", "1000"));
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, headers(), out));
                    for (long sent = 0; sent < n; sent += chunk) {
                        if (!out.write(ByteBuffer.wrap(alphabet(sent, (int) Math.min(chunk, n - sent))))) {
                            return;
                        }
                    }
                    out.finish(Headers.EMPTY);
                }
                case "/instance-id" -> answer(response, 200, Long.toString(id));
                case "/env" -> {
                    boolean known = "INSTANCE_ID".equals(request.headers().first("env"));
                    answer(response, known ? 200 : 404, known ? "env: " + id : "env: unset");
                }
                case "/sleep" -> {
                    Thread.sleep(Long.parseLong(query(uri, "ms", "1000")));
                    answer(response, 200, "slept");
                }
                case "/busy" -> {
                    long x = 0;
                    while (!Thread.currentThread().isInterrupted()) {
                        x += System.nanoTime() & 1;
                    }
                    throw new InterruptedException("spun " + x);
                }
                case "/trap" -> throw new GuestTrapException("wasm trap: unreachable instruction executed");
                case "/noset" -> {
                    // returns without setting a response
                }
                case "/fail-mid-body" -> {
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, headers(), out));
                    if (out.write(ByteBuffer.wrap(pattern(0, 32 * 1024)))) {
                        out.fail(new IOException("guest output failed"));
                    }
                }
                default -> answer(response, 404, "not found");
            }
        }
    }

    static String query(URI uri, String name, String otherwise) {
        String q = uri.getRawQuery();
        if (q != null) {
            for (String part : q.split("&")) {
                if (part.startsWith(name + "=")) {
                    return part.substring(name.length() + 1);
                }
            }
        }
        return otherwise;
    }

    /** Bytes {@code offset .. offset+size} of the contract's {@code /stream} body: byte i is {@code 'a' + i % 26}. */
    private static byte[] alphabet(long offset, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + (offset + i) % 26);
        }
        return b;
    }

    /** Bytes {@code offset .. offset+size} of an endless known pattern. */
    public static byte[] pattern(long offset, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            long p = offset + i;
            b[i] = (byte) (p * 31 + (p >>> 8));
        }
        return b;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A response body the guest writes from its own thread: {@link #write} blocks until the
     * consumer has demand, like {@code output-stream.blocking-write-and-flush}. When the pool's
     * future was cancelled before the response got through, nobody will read the body: writes
     * fail as if cancelled, which is what the real host must do too.
     */
    static final class GuestOutput implements Body {
        private final CompletableFuture<Headers> trailers = new CompletableFuture<>();
        private final CompletableFuture<Flow.Subscriber<? super ByteBuffer>> subscriber = new CompletableFuture<>();
        private final Object lock = new Object();
        private long demand;
        private boolean cancelled;

        GuestOutput(CompletableFuture<Response> response) {
            response.whenComplete((r, e) -> {
                if (response.isCancelled()) {
                    synchronized (lock) {
                        cancelled = true;
                        lock.notifyAll();
                    }
                    subscriber.cancel(false);
                }
            });
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    synchronized (lock) {
                        demand += n;
                        lock.notifyAll();
                    }
                }

                @Override
                public void cancel() {
                    synchronized (lock) {
                        cancelled = true;
                        lock.notifyAll();
                    }
                }
            });
            subscriber.complete(s);
        }

        @Override
        public CompletionStage<Headers> trailers() {
            return trailers;
        }

        /** Writes a chunk once there is demand; false when the consumer cancelled. */
        boolean write(ByteBuffer chunk) throws InterruptedException {
            Flow.Subscriber<? super ByteBuffer> s = awaitSubscriber();
            if (s == null) {
                return false;
            }
            synchronized (lock) {
                while (demand == 0 && !cancelled) {
                    lock.wait();
                }
                if (cancelled) {
                    return false;
                }
                demand--;
            }
            s.onNext(chunk);
            return true;
        }

        void finish(Headers t) throws InterruptedException {
            Flow.Subscriber<? super ByteBuffer> s = awaitSubscriber();
            trailers.complete(t);
            if (s != null) {
                s.onComplete();
            }
        }

        void fail(Throwable t) throws InterruptedException {
            Flow.Subscriber<? super ByteBuffer> s = awaitSubscriber();
            trailers.completeExceptionally(t);
            if (s != null) {
                s.onError(t);
            }
        }

        /** The subscriber; null when there will be none. */
        private Flow.Subscriber<? super ByteBuffer> awaitSubscriber() throws InterruptedException {
            try {
                return subscriber.get();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                return null;
            }
        }
    }

    /** Reads a request body from the guest's thread, one chunk per demand, like {@code blocking-read}. */
    static final class BodyReader implements Flow.Subscriber<ByteBuffer> {
        private static final Object END = new Object();
        private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        private final Body body;
        private volatile Flow.Subscription subscription;
        private final CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
        private boolean done;

        BodyReader(Body body) {
            this.body = body;
            body.subscribe(this);
        }

        /** The next chunk; null at the end. */
        ByteBuffer read() throws InterruptedException, IOException {
            if (done) {
                return null;
            }
            try {
                subscribed.get().request(1);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e);
            }
            Object s = signals.take();
            if (s == END) {
                done = true;
                return null;
            }
            if (s instanceof Throwable t) {
                done = true;
                throw t instanceof IOException io ? io : new IOException(t);
            }
            return (ByteBuffer) s;
        }

        Headers trailers() {
            return body.trailers().toCompletableFuture().getNow(Headers.EMPTY);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            subscribed.complete(s);
        }

        @Override
        public void onNext(ByteBuffer item) {
            signals.add(item);
        }

        @Override
        public void onError(Throwable t) {
            signals.add(t);
        }

        @Override
        public void onComplete() {
            signals.add(END);
        }
    }
}
