package dev.wasmlet.handler;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.host.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * A fake embedder for pool tests: counts instantiations, can be told to fail, hands each worker a
 * {@link WorkerPolicy} view (optionally with a scripted {@link ShouldAccept}), and records every
 * {@code drop}. Its guest is written in Java and chosen by the request path:
 *
 * <ul>
 *   <li>{@code /ok/...}: responds at once, body = the path;</li>
 *   <li>{@code /stream/MS}: responds, then keeps "streaming" for MS milliseconds;</li>
 *   <li>{@code /sleep/MS}: sleeps MS milliseconds, then responds;</li>
 *   <li>{@code /hold}: waits for {@link #gate}, then responds;</li>
 *   <li>{@code /trap}, {@code /coretrap}: traps before responding;</li>
 *   <li>{@code /error}: throws a Java {@link Error} before responding (a host bug);</li>
 *   <li>{@code /never}: returns without responding;</li>
 *   <li>{@code /spin}: spins CPU-bound until its thread is interrupted;</li>
 *   <li>{@code /park}: parks (a guest blocked in {@code poll}) until interrupted.</li>
 * </ul>
 * Every blocking guest throws {@link CoreInterrupted} when interrupted, as the engine does.
 */
final class FakeState implements HandlerState<String> {
    /** One {@code WorkerState.drop} call. */
    record Drop(int instance, Store store, Throwable failure, Thread thread) {
    }

    /** A scripted answer to {@code shouldAcceptRequest}; null falls through to the policy. */
    interface Accept {
        ShouldAccept ask(int instance, int concurrent, long total);
    }

    /** The guest of one instance, given its id. */
    interface Guest {
        void handle(int instance, Request request, CompletableFuture<Response> response);
    }

    static final long SAFETY_NANOS = TimeUnit.SECONDS.toNanos(30);

    final WorkerPolicy policy = new WorkerPolicy();
    /** Calls of {@link #instantiate()}, failed or not. */
    final AtomicInteger attempts = new AtomicInteger();
    /** Instances made. */
    final AtomicInteger instantiations = new AtomicInteger();
    /** Instance id to its store, for every instance made. */
    final Map<Integer, Store> stores = new ConcurrentHashMap<>();
    /** Instance id to the moment (nanoTime) its instantiation finished. */
    final Map<Integer, Long> madeAt = new ConcurrentHashMap<>();
    final List<Drop> drops = new CopyOnWriteArrayList<>();
    /** Released each time a guest starts handling a request. */
    final Semaphore entered = new Semaphore(0);
    /** Guests that saw their thread interrupted. */
    final AtomicInteger interruptedGuests = new AtomicInteger();
    /** Requests each instance started, by instance id. */
    final Map<Integer, AtomicInteger> served = new ConcurrentHashMap<>();

    volatile Exception failure;
    /** Thrown by {@code drop} after it is recorded. */
    volatile RuntimeException dropThrows;
    volatile CountDownLatch instantiateGate;
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile Accept accept;
    /** The linear memory an instance reports, unless {@link #memoryOf} has its own. */
    volatile long memoryBytes;
    /** The linear memory of single instances, by id; a guest may change its own. */
    final Map<Integer, Long> memoryOf = new ConcurrentHashMap<>();
    volatile Guest guest = this::standardGuest;
    private final AtomicInteger nextId = new AtomicInteger();

    @Override
    public WorkerInstance<String> instantiate() throws Exception {
        attempts.incrementAndGet();
        CountDownLatch g = instantiateGate;
        if (g != null && !g.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("instantiate gate never opened");
        }
        Exception f = failure;
        if (f != null) {
            throw f;
        }
        int id = nextId.getAndIncrement();
        Store store = new Store(Map.of());
        LongSupplier memory = () -> memoryOf.getOrDefault(id, memoryBytes);
        WorkerPolicy.Worker<String> policyWorker = policy.forWorker(memory,
                (s, why) -> drops.add(new Drop(id, s, why, Thread.currentThread())));
        WorkerState<String> state = new WorkerState<>() {
            @Override
            public ShouldAccept shouldAcceptRequest(int concurrentCount, long totalCount) {
                Accept a = accept;
                ShouldAccept scripted = a == null ? null : a.ask(id, concurrentCount, totalCount);
                return scripted != null ? scripted : policyWorker.shouldAcceptRequest(concurrentCount, totalCount);
            }

            @Override
            public long onRequestStart(Store s, String data) {
                served.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                return policyWorker.onRequestStart(s, data);
            }

            @Override
            public void drop(Store s, Throwable why) {
                policyWorker.drop(s, why);
                RuntimeException e = dropThrows;
                if (e != null) {
                    throw e;
                }
            }
        };
        stores.put(id, store);
        madeAt.put(id, System.nanoTime());
        instantiations.incrementAndGet();
        return new WorkerInstance<>(store, (s, request, response) -> guest.handle(id, request, response),
                policyWorker, state, memory);
    }

    /** The guest described in the class comment. */
    void standardGuest(int instance, Request request, CompletableFuture<Response> response) {
        entered.release();
        String[] parts = request.pathWithQuery().split("/");
        String kind = parts.length > 1 ? parts[1] : "";
        switch (kind) {
            case "ok" -> respond(instance, request, response);
            case "stream" -> {
                respond(instance, request, response);
                sleep(Long.parseLong(parts[2]));
            }
            case "sleep" -> {
                sleep(Long.parseLong(parts[2]));
                respond(instance, request, response);
            }
            case "hold" -> {
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (InterruptedException e) {
                    interruptedGuests.incrementAndGet();
                    throw new CoreInterrupted("interrupted while held", e);
                }
                respond(instance, request, response);
            }
            case "trap" -> throw new GuestTrapException("wasm trap: unreachable executed");
            case "coretrap" -> throw new CoreTrap("integer divide by zero");
            case "error" -> throw new AssertionError("a host bug");
            case "never" -> {
            }
            case "spin" -> spin();
            case "park" -> park();
            default -> throw new IllegalArgumentException("no such fake guest: " + request.pathWithQuery());
        }
    }

    static void respond(int instance, Request request, CompletableFuture<Response> response) {
        response.complete(new Response(200, Headers.of("x-instance", Integer.toString(instance)),
                Body.of(request.pathWithQuery().getBytes(StandardCharsets.UTF_8))));
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            interruptedGuests.incrementAndGet();
            throw new CoreInterrupted("interrupted while sleeping", e);
        }
    }

    /** A CPU-bound guest, as the engine runs one: it checks for interruption and nothing else. */
    private void spin() {
        long start = System.nanoTime();
        long x = 0;
        while (!Thread.currentThread().isInterrupted()) {
            x += x * 31 + 7;
            if (System.nanoTime() - start > SAFETY_NANOS) {
                throw new IllegalStateException("spinning guest never interrupted " + x);
            }
        }
        interruptedGuests.incrementAndGet();
        throw new CoreInterrupted("interrupted in guest code", null);
    }

    /** A guest blocked in {@code wasi:io/poll}: parked until interrupted. */
    private void park() {
        long start = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            if (System.nanoTime() - start > SAFETY_NANOS) {
                throw new IllegalStateException("parked guest never interrupted");
            }
        }
        interruptedGuests.incrementAndGet();
        throw new CoreInterrupted("interrupted in poll", null);
    }

    /** Instances made and not yet dropped. */
    int live() {
        return instantiations.get() - drops.size();
    }

    /** The drops of one instance. */
    List<Drop> dropsOf(int instance) {
        return drops.stream().filter(d -> d.instance() == instance).toList();
    }

    static Request request(String path) {
        return new Request("GET", "http", "localhost", path, Headers.EMPTY, Body.empty());
    }

    static int instanceOf(Response response) {
        return Integer.parseInt(response.headers().first("x-instance"));
    }

    /** Reads a body to its end (the fake guests' bodies are fixed, so this never blocks). */
    static String text(Body body) {
        StringBuilder out = new StringBuilder();
        CompletableFuture<Void> done = new CompletableFuture<>();
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.append(new String(bytes, StandardCharsets.UTF_8));
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return out.toString();
    }
}
