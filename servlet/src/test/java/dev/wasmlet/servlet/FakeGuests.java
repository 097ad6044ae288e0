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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ProxyHandlerFactory} of the tests (found through {@code META-INF/services}): pools
 * whose guest is Java code that behaves like a p2 guest. It runs on the worker's thread, reads
 * its request body and writes its response body with blocking calls that wait for demand, and
 * returns when it is done. The path picks the behaviour:
 *
 * <ul>
 *   <li>{@code /hello}: 200 {@code Hello, WASI!}</li>
 *   <li>{@code /inspect}: what the guest saw: method, scheme, authority, path, headers, pool</li>
 *   <li>{@code /echo}: the request body back as it arrives, with its trailers as response trailers</li>
 *   <li>{@code /count}: reads the whole body, then answers how many bytes and which trailers</li>
 *   <li>{@code /stream?bytes=N&chunk=M}: N bytes (-1: without end) of a known pattern</li>
 *   <li>{@code /sleep?ms=N}: answers after N ms</li>
 *   <li>{@code /spin}: burns CPU until interrupted</li>
 *   <li>{@code /trap}: traps before answering</li>
 *   <li>{@code /never}: returns without answering</li>
 *   <li>{@code /fail-mid-body}: starts a response, then its body fails</li>
 * </ul>
 *
 * <p>Every request is recorded ({@link #handled()}) with the future the pool gave the guest and
 * how the guest ended: {@code completed}, {@code cancelled} (its response body was cancelled),
 * {@code body-error} (its request body failed) or {@code interrupted}.
 */
public final class FakeGuests implements ProxyHandlerFactory {
    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final List<Handled> HANDLED = new CopyOnWriteArrayList<>();
    private static final AtomicLong DROPS = new AtomicLong();

    /** One request as the guest handled it. */
    public record Handled(String path, RequestContext context, long instance, CompletableFuture<Response> future,
                          CompletableFuture<String> outcome) {
    }

    public static List<Handled> handled() {
        return HANDLED;
    }

    /** The first recorded request whose path starts with {@code prefix}, waiting up to 5 s for it. */
    public static Handled awaitHandled(String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            for (Handled h : HANDLED) {
                if (h.path().startsWith(prefix)) {
                    return h;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no request to " + prefix + " reached a guest; seen: " + HANDLED);
    }

    public static long drops() {
        return DROPS.get();
    }

    public static void reset() {
        HANDLED.clear();
    }

    @Override
    public ProxyHandler<RequestContext> create(WasmletSettings settings) {
        WorkerPolicy policy = settings.workerPolicy();
        return ProxyHandler.<RequestContext>builder(() -> {
            long id = INSTANCES.incrementAndGet();
            WorkerPolicy.Worker<RequestContext> worker = policy.forWorker(() -> 0L, (store, failure) -> DROPS
                    .incrementAndGet());
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
            String route = path.substring(path.lastIndexOf('/'));
            CompletableFuture<String> outcome = new CompletableFuture<>();
            HANDLED.add(new Handled(path, context, id, response, outcome));
            try {
                outcome.complete(run(route, uri, request, response));
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
                throw new CoreInterrupted("guest interrupted", e);
            } catch (IOException e) {
                outcome.complete("body-error");
            } catch (RuntimeException e) {
                outcome.complete("trapped");
                throw e;
            }
        }

        private String run(String route, URI uri, Request request, CompletableFuture<Response> response)
                throws InterruptedException, IOException {
            Headers base = Headers.of("x-instance", Long.toString(id), "x-request-id", context.requestId(),
                    "content-type", "text/plain");
            switch (route) {
                case "/hello" -> {
                    response.complete(new Response(200, base, Body.of(bytes("Hello, WASI!"))));
                    return "completed";
                }
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
                    response.complete(new Response(200, base, Body.of(bytes(b.toString()))));
                    return "completed";
                }
                case "/echo" -> {
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, base, out));
                    BodyReader in = new BodyReader(request.body());
                    try {
                        for (ByteBuffer chunk = in.read(); chunk != null; chunk = in.read()) {
                            if (!out.write(chunk)) {
                                in.cancel();
                                return "cancelled";
                            }
                        }
                    } catch (IOException e) {
                        out.fail(e);
                        throw e;
                    }
                    out.finish(in.trailers());
                    return "completed";
                }
                case "/count" -> {
                    BodyReader in = new BodyReader(request.body());
                    long total = 0;
                    for (ByteBuffer chunk = in.read(); chunk != null; chunk = in.read()) {
                        total += chunk.remaining();
                    }
                    StringBuilder trailers = new StringBuilder();
                    for (Headers.Field f : in.trailers().fields()) {
                        trailers.append(f.name()).append('=').append(f.value()).append(';');
                    }
                    response.complete(new Response(200, Headers.of("x-instance", Long.toString(id),
                            "x-trailers", trailers.toString()), Body.of(bytes(total + " bytes"))));
                    return "completed";
                }
                case "/stream" -> {
                    long n = Long.parseLong(query(uri, "bytes", "1048576"));
                    int chunk = Integer.parseInt(query(uri, "chunk", "4096"));
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, base, out));
                    long sent = 0;
                    while (n < 0 || sent < n) {
                        int size = (int) (n < 0 ? chunk : Math.min(chunk, n - sent));
                        if (!out.write(ByteBuffer.wrap(pattern(sent, size)))) {
                            return "cancelled";
                        }
                        sent += size;
                    }
                    out.finish(Headers.EMPTY);
                    return "completed";
                }
                case "/sleep" -> {
                    Thread.sleep(Long.parseLong(query(uri, "ms", "1000")));
                    response.complete(new Response(200, base, Body.of(bytes("slept"))));
                    return "completed";
                }
                case "/spin" -> {
                    long x = 0;
                    while (!Thread.currentThread().isInterrupted()) {
                        x += System.nanoTime() & 1;
                    }
                    throw new InterruptedException("spun " + x);
                }
                case "/trap" -> throw new GuestTrapException("wasm trap: unreachable instruction executed");
                case "/never" -> {
                    return "completed";
                }
                case "/fail-mid-body" -> {
                    GuestOutput out = new GuestOutput(response);
                    response.complete(new Response(200, base, out));
                    if (out.write(ByteBuffer.wrap(pattern(0, 32 * 1024)))) {
                        out.fail(new IOException("guest output failed"));
                    }
                    return "completed";
                }
                default -> {
                    response.complete(new Response(404, base, Body.of(bytes("no route " + route))));
                    return "completed";
                }
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
