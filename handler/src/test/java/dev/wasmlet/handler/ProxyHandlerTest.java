package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.instanceOf;
import static dev.wasmlet.handler.FakeState.request;
import static dev.wasmlet.handler.FakeState.text;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreTrap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The request path of {@link ProxyHandler}: workers, reuse, accept answers, guest failures, capacity. */
class ProxyHandlerTest extends PoolTestBase {

    @Test
    void aRequestFindingNoWorkerStartsOneAndGetsItsResponse() throws Exception {
        pool();
        Response response = ok(pool.handle("r1", request("/ok/hello")));
        assertEquals("/ok/hello", text(response.body()));
        assertEquals(1, state.instantiations.get());
        // Reuse 1 (the p2 default): the worker exits after its one request, cleanly.
        await("the worker is dropped", () -> state.drops.size() == 1);
        assertNull(state.drops.get(0).failure());
        assertSame(state.stores.get(0), state.drops.get(0).store());
    }

    @Test
    void aFreshInstancePerRequestDoesNotCostAThreadPerRequest() throws Exception {
        pool();
        for (int i = 0; i < 10; i++) {
            ok(pool.handle("r" + i, request("/ok/" + i)));
            int dropped = i + 1;
            await("worker " + i + " is dropped", () -> state.drops.size() == dropped);
        }
        long threads = state.drops.stream().map(FakeState.Drop::thread).distinct().count();
        assertTrue(threads < 10, "10 workers one after another ran on " + threads + " threads");
    }

    @Test
    void reuseOneMakesAFreshInstancePerRequest() throws Exception {
        pool();
        Set<Integer> instances = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Response response = ok(pool.handle("r" + i, request("/ok/" + i)));
            assertEquals("/ok/" + i, text(response.body()));
            instances.add(instanceOf(response));
        }
        assertEquals(10, instances.size());
        assertEquals(10, state.instantiations.get());
        await("every worker is dropped", () -> state.drops.size() == 10);
        assertTrue(state.drops.stream().allMatch(d -> d.failure() == null), state.drops::toString);
    }

    @Test
    void reuse128Serves20CallersOf5RequestsWithFewInstances() throws Exception {
        state.policy.maxInstanceReuseCount(128);
        pool();
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                int caller = c;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        String path = "/ok/" + caller + "-" + i;
                        Response response = ok(pool.handle(path, request(path)));
                        assertEquals(path, text(response.body()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        // At most one instance per caller busy, plus one per caller just finishing: far fewer than 100.
        assertTrue(state.instantiations.get() <= 40, "instances: " + state.instantiations.get());
        assertTrue(state.drops.isEmpty(), "no worker should have exited: " + state.drops);
    }

    @Test
    void neverDrainsTheWorker() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        state.accept = (id, concurrent, total) -> total >= 1 ? ShouldAccept.NEVER : null;
        pool();
        int first = instanceOf(ok(pool.handle("a", request("/ok/a"))));
        await("the worker exits", () -> state.drops.size() == 1);
        FakeState.Drop drop = state.drops.get(0);
        assertEquals(first, drop.instance());
        assertNull(drop.failure());
        assertSame(state.stores.get(first), drop.store());
        int second = instanceOf(ok(pool.handle("b", request("/ok/b"))));
        assertNotEquals(first, second);
        await("the second worker exits", () -> state.drops.size() == 2);
        assertEquals(1, state.dropsOf(first).size());
    }

    @Test
    void noMeansAskAgainLaterNotDrain() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        AtomicReference<ShouldAccept> answer = new AtomicReference<>(ShouldAccept.NO);
        List<long[]> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        state.accept = (id, concurrent, total) -> {
            asked.add(new long[] {id, concurrent, total});
            return answer.get();
        };
        pool();
        int first = instanceOf(ok(pool.handle("a", request("/ok/a"))));
        await("the first worker has asked", () -> asked.stream().anyMatch(a -> a[0] == first));
        // The first worker said No: the next request needs a new worker.
        int second = instanceOf(ok(pool.handle("b", request("/ok/b"))));
        assertNotEquals(first, second);
        await("the second worker has asked", () -> asked.stream().anyMatch(a -> a[0] == second));
        assertEquals(0, pool.statistics().idle());
        assertTrue(state.drops.isEmpty(), "No must not drain a worker: " + state.drops);

        answer.set(ShouldAccept.YES);
        pool.policiesChanged();
        await("both workers are available", () -> pool.statistics().idle() == 2);
        int third = instanceOf(ok(pool.handle("c", request("/ok/c"))));
        assertTrue(third == first || third == second, "served by " + third);
        assertEquals(2, state.instantiations.get());
        // A p2 worker is asked with no request running, and the total it has accepted.
        assertTrue(asked.stream().allMatch(a -> a[1] == 0), "concurrent counts");
        assertTrue(asked.stream().anyMatch(a -> a[0] == first && a[2] == 1), "total counts");
    }

    @Test
    void aTrapBeforeSetFailsTheRequestAndPoisonsTheInstance() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool();
        TrapError trap = failure(TrapError.class, pool.handle("t", request("/trap")));
        assertInstanceOf(GuestTrapException.class, trap.getCause());
        await("the trapped worker is dropped", () -> state.drops.size() == 1);
        assertInstanceOf(GuestTrapException.class, state.drops.get(0).failure());
        assertSame(state.stores.get(0), state.drops.get(0).store());

        Response next = ok(pool.handle("n", request("/ok/next")));
        assertEquals(1, instanceOf(next), "the trapped instance must never be reused");
        assertEquals("/ok/next", text(next.body()));
    }

    @Test
    void anEngineTrapIsATrapToo() throws Exception {
        pool();
        TrapError trap = failure(TrapError.class, pool.handle("t", request("/coretrap")));
        assertInstanceOf(CoreTrap.class, trap.getCause());
        await("the trapped worker is dropped", () -> state.drops.size() == 1);
        assertInstanceOf(CoreTrap.class, state.drops.get(0).failure());
        ok(pool.handle("n", request("/ok/next")));
    }

    @Test
    void aGuestThrowingAnErrorStillCompletesTheRequest() throws Exception {
        state.policy.maxInstanceReuseCount(128);
        pool();
        TrapError trap = failure(TrapError.class, pool.handle("e", request("/error")));
        assertInstanceOf(AssertionError.class, trap.getCause());
        await("the worker is dropped", () -> state.drops.size() == 1);
        assertInstanceOf(AssertionError.class, state.drops.get(0).failure());
        assertEquals(1, instanceOf(ok(pool.handle("n", request("/ok/next")))));
    }

    @Test
    void returnBeforeSetIsTheReferenceError() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool();
        GuestResponseError error = failure(GuestResponseError.class, pool.handle("n", request("/never")));
        assertEquals("guest never invoked `response-outparam::set` method", error.getMessage());
        Response next = ok(pool.handle("n2", request("/ok/next")));
        assertEquals("/ok/next", text(next.body()));
        assertTrue(state.drops.stream().noneMatch(d -> d.failure() != null), "not a worker failure: " + state.drops);
        assertEquals(1, pool.statistics().neverSet());
    }

    @Test
    void anInstantiationFailureGivesTheRequestBack() throws Exception {
        pool();
        Exception boom = new IllegalStateException("no memory for you");
        state.failure = boom;
        Request request = request("/ok/x");
        InstantiationError error = failure(InstantiationError.class, pool.handle("data-x", request));
        assertSame(boom, error.getCause());
        assertSame(request, error.request());
        assertEquals("data-x", error.data());
        assertFalse(error.isPoolLimit());
        assertEquals(0, state.instantiations.get());
        assertTrue(state.drops.isEmpty(), "a failed instantiation is not a worker to drop");

        state.failure = null;
        Response retried = ok(pool.handle((String) error.data(), error.request()));
        assertEquals("/ok/x", text(retried.body()));
    }

    @Test
    void atCapacityTheRequestComesBackUntouched() throws Exception {
        state.gate = new CountDownLatch(1);
        pool(b -> b.maxInstances(1));
        CompletableFuture<Response> held = pool.handle("held", request("/hold"));
        awaitGuestEntered();

        Request request = request("/ok/second");
        String data = new String("second-data");
        InstantiationError error = failure(InstantiationError.class, pool.handle(data, request));
        PoolLimitError limit = assertInstanceOf(PoolLimitError.class, error.getCause());
        assertTrue(error.isPoolLimit());
        assertTrue(limit.getMessage().contains("limit of 1 instances"), limit.getMessage());
        assertSame(request, error.request());
        assertSame(data, error.data());
        assertEquals(1, pool.statistics().poolLimitErrors());

        state.gate.countDown();
        ok(held);
        await("the busy worker is dropped", () -> state.drops.size() == 1);
        // The body was never read: handling the same request again works, body and all.
        Response retried = ok(pool.handle((String) error.data(), error.request()));
        assertEquals("/ok/second", text(retried.body()));
    }

    @Test
    void handleWithAWaitSucceedsWhenCapacityComes() throws Exception {
        state.gate = new CountDownLatch(1);
        pool(b -> b.maxInstances(1));
        CompletableFuture<Response> held = pool.handle("held", request("/hold"));
        awaitGuestEntered();
        CompletableFuture<Response> waiting = pool.handle("w", request("/ok/waited"), Duration.ofSeconds(10));
        assertFalse(waiting.isDone());
        state.gate.countDown();
        ok(held);
        assertEquals("/ok/waited", text(ok(waiting).body()));
    }

    @Test
    void handleWithAWaitFailsAfterItsBoundWhenNoCapacityComes() throws Exception {
        state.gate = new CountDownLatch(1);
        pool(b -> b.maxInstances(1));
        pool.handle("held", request("/hold"));
        awaitGuestEntered();
        Request request = request("/ok/late");
        long start = System.nanoTime();
        InstantiationError error = failure(InstantiationError.class,
                pool.handle("late", request, Duration.ofMillis(200)));
        assertTrue(millisSince(start) >= 190, "gave up after " + millisSince(start) + " ms");
        assertTrue(error.isPoolLimit());
        assertSame(request, error.request());
    }

    @Test
    void waitingForCapacityDoesNotSpinWhenInstantiationReportsThePoolLimit() throws Exception {
        // The embedder's own allocator is full (e.g. memory): instantiate() throws PoolLimitError.
        state.failure = new PoolLimitError("the memory pool is full");
        pool();
        InstantiationError error = failure(InstantiationError.class,
                pool.handle("x", request("/ok/x"), Duration.ofMillis(300)));
        assertTrue(error.isPoolLimit());
        // Waiting means waiting for a worker to go, not instantiating again in a loop.
        assertTrue(state.attempts.get() <= 3, "instantiation attempts while waiting: " + state.attempts.get());
    }

    @Test
    void waitingForCapacityRetriesWhenAWorkerGoes() throws Exception {
        state.gate = new CountDownLatch(1);
        pool();
        CompletableFuture<Response> held = pool.handle("held", request("/hold"));
        awaitGuestEntered();
        state.failure = new PoolLimitError("the memory pool is full");
        CompletableFuture<Response> waiting = pool.handle("w", request("/ok/w"), Duration.ofSeconds(10));
        await("the first attempt failed", () -> state.attempts.get() >= 2);
        state.failure = null;
        state.gate.countDown(); // the held worker ends, so its memory is free again
        ok(held);
        assertEquals("/ok/w", text(ok(waiting).body()));
    }

    @Test
    void callersWaitingForCapacityEachGetAnAnswer() throws Exception {
        state.gate = new CountDownLatch(1);
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool(b -> b.maxInstances(2));
        List<CompletableFuture<Response>> held = List.of(pool.handle("h1", request("/hold")),
                pool.handle("h2", request("/hold")));
        awaitGuestEntered();
        awaitGuestEntered();
        List<CompletableFuture<Response>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(pool.handle("w" + i, request("/ok/w" + i), Duration.ofSeconds(10)));
        }
        state.gate.countDown();
        for (CompletableFuture<Response> f : held) {
            ok(f);
        }
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        for (CompletableFuture<Response> f : waiting) {
            bodies.add(text(ok(f).body()));
        }
        assertEquals(20, bodies.size());
        assertEquals(2, state.instantiations.get());
    }

    @Test
    void aDropThatThrowsStillFreesTheWorkersPlace() throws Exception {
        state.dropThrows = new IllegalStateException("telemetry is down");
        pool(b -> b.maxInstances(1));
        ok(pool.handle("a", request("/ok/a")));
        await("the worker is dropped", () -> state.drops.size() == 1);
        // The pool is not wedged by its own bookkeeping: the single place is free again.
        await("the place is free", () -> pool.statistics().live() == 0);
        ok(pool.handle("b", request("/ok/b")));
    }

    @Test
    void aRequestCancelledBeforeItsWorkerStartsNeverReachesTheGuest() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        state.instantiateGate = new CountDownLatch(1);
        pool();
        CompletableFuture<Response> cancelled = pool.handle("c", request("/ok/cancelled"));
        await("the worker is being made", () -> state.attempts.get() == 1);
        assertTrue(cancelled.cancel(false));
        state.instantiateGate.countDown();
        await("the worker is available", () -> pool.statistics().idle() == 1);
        assertEquals(0, state.entered.availablePermits(), "the guest never saw the cancelled request");
        // A fresh instance whose request went away counts as a spare, so it is neither stranded
        // (idle timeouts exempt never-used instances) nor invisible to the spare bookkeeping.
        assertEquals(1, pool.statistics().spares());
        assertEquals("/ok/next", text(ok(pool.handle("n", request("/ok/next"))).body()));
        assertEquals(1, state.instantiations.get());
    }

    @Test
    void buildValidatesItsSettings() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProxyHandler.builder(state).maxInstances(0));
        assertTrue(e.getMessage().contains("maxInstances"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProxyHandler.builder(state).warmInstances(-1));
        assertTrue(e.getMessage().contains("warmInstances"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProxyHandler.builder(state).maxInstances(2).warmInstances(3).build());
        assertTrue(e.getMessage().contains("warmInstances (3) cannot exceed maxInstances (2)"), e.getMessage());
        pool();
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pool.setWarmInstances(-2));
        assertTrue(e.getMessage().contains("warmInstances"), e.getMessage());
    }
}
