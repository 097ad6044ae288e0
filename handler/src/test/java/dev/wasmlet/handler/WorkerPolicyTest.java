package dev.wasmlet.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.host.Store;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stock policies, one worker at a time. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WorkerPolicyTest {
    private static WorkerPolicy.Worker<String> worker(WorkerPolicy policy) {
        return policy.forWorker(() -> 0, (s, f) -> { });
    }

    @Test
    void defaultsAreThoseOfWasmtimeServeForP2() {
        WorkerPolicy policy = new WorkerPolicy();
        assertEquals(1, policy.maxInstanceReuseCount());
        assertEquals(1, policy.maxInstanceConcurrentReuseCount());
        assertEquals(Duration.ofSeconds(1), policy.idleInstanceTimeout());
        assertEquals(Duration.ZERO, policy.requestTimeout());
        WorkerPolicy.Worker<String> w = worker(policy);
        assertEquals(ShouldAccept.YES, w.shouldAcceptRequest(0, 0));
        assertEquals(ShouldAccept.NEVER, w.shouldAcceptRequest(0, 1));
        assertEquals(WorkerState.NO_DEADLINE, w.onRequestStart(null, "r"));
    }

    @Test
    void reuseLimitsAreJitteredWithinBounds() {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(1000).reuseJitter(0.5);
        Set<Long> limits = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long limit = worker(policy).reuseLimit();
            assertTrue(limit >= 500 && limit <= 1000, "limit " + limit);
            limits.add(limit);
        }
        assertTrue(limits.size() > 20, "limits are spread: " + limits.size() + " distinct values");

        WorkerPolicy exact = new WorkerPolicy().maxInstanceReuseCount(1000);
        for (int i = 0; i < 20; i++) {
            assertEquals(1000, worker(exact).reuseLimit());
        }
        WorkerPolicy one = new WorkerPolicy().maxInstanceReuseCount(1).reuseJitter(1);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, worker(one).reuseLimit(), "a worker always serves at least one request");
        }
    }

    @Test
    void aJitteredWorkerSaysNeverAtItsOwnLimit() {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(100).reuseJitter(0.3);
        WorkerPolicy.Worker<String> w = worker(policy);
        long limit = w.reuseLimit();
        assertEquals(ShouldAccept.YES, w.shouldAcceptRequest(0, limit - 1));
        assertEquals(ShouldAccept.NEVER, w.shouldAcceptRequest(0, limit));
        // The draw is made once: the limit follows the live setting, not a new draw.
        assertEquals(limit, w.reuseLimit());
        policy.maxInstanceReuseCount(10);
        assertTrue(w.reuseLimit() <= 10 && w.reuseLimit() >= 7, "limit " + w.reuseLimit());
    }

    @Test
    void concurrencyAboveTheLimitMeansAskLater() {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(10);
        WorkerPolicy.Worker<String> w = worker(policy);
        assertEquals(ShouldAccept.NO, w.shouldAcceptRequest(1, 1));
        policy.maxInstanceConcurrentReuseCount(2);
        assertEquals(ShouldAccept.YES, w.shouldAcceptRequest(1, 1));
        assertEquals(ShouldAccept.NO, w.shouldAcceptRequest(2, 1));
    }

    @Test
    void aWorkerRetiresAtTheEndOfItsLifetime() throws Exception {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(100).idleInstanceTimeout(Duration.ZERO);
        long before = System.nanoTime();
        WorkerPolicy.Worker<String> w = worker(policy);
        long after = System.nanoTime();
        assertEquals(WorkerExpiration.NOT_SCHEDULED, w.poll(WorkerStatus.IDLE, after));
        policy.maxInstanceLifetime(Duration.ofMillis(50));
        long retire = w.poll(WorkerStatus.IDLE, after);
        assertTrue(retire - (before + 50_000_000) >= 0 && retire - (after + 50_000_000) <= 0, "retire time");
        // Lifetime never cuts a request short; the worker takes no request past it.
        assertEquals(WorkerExpiration.NOT_SCHEDULED, w.poll(WorkerStatus.REQUESTS, after));
        assertEquals(ShouldAccept.YES, w.shouldAcceptRequest(0, 1));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, retire - System.nanoTime()) + 1_000_000);
        assertEquals(ShouldAccept.NEVER, w.shouldAcceptRequest(0, 1));
    }

    @Test
    void lifetimesAreJitteredWithinBounds() {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceLifetime(Duration.ofSeconds(100)).lifetimeJitter(0.2);
        Set<Long> lifetimes = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            long before = System.nanoTime();
            WorkerPolicy.Worker<String> w = worker(policy);
            long after = System.nanoTime();
            long retire = w.poll(WorkerStatus.IDLE, after);
            assertTrue(retire - (before + 80_000_000_000L) >= 0, "not shorter than 80 s");
            assertTrue(retire - (after + 100_000_000_000L) <= 0, "not longer than 100 s");
            lifetimes.add((retire - before) / 1_000_000_000L);
        }
        assertTrue(lifetimes.size() > 5, "lifetimes are spread: " + lifetimes);
    }

    @Test
    void aMemoryHighWaterMarkMeansNever() {
        AtomicLong memory = new AtomicLong(1 << 20);
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(100).maxMemoryBytes(1 << 20);
        WorkerPolicy.Worker<String> w = policy.forWorker(memory::get, (s, f) -> { });
        assertEquals(ShouldAccept.YES, w.shouldAcceptRequest(0, 1));
        memory.set((1 << 20) + 65536);
        assertEquals(ShouldAccept.NEVER, w.shouldAcceptRequest(0, 1));
        policy.maxMemoryBytes(0);
        assertEquals(ShouldAccept.YES, w.shouldAcceptRequest(0, 1), "0 means no limit");
    }

    @Test
    void idlenessExpiresOnlyAWorkerThatServed() {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(100).idleInstanceTimeout(Duration.ofMillis(10));
        WorkerPolicy.Worker<String> w = worker(policy);
        assertEquals(WorkerExpiration.NOT_SCHEDULED, w.poll(WorkerStatus.IDLE, 1234), "a spare never idles out");
        w.onRequestStart(null, "r");
        assertEquals(1234 + 10_000_000, w.poll(WorkerStatus.IDLE, 1234));
        policy.idleInstanceTimeout(Duration.ZERO);
        assertEquals(WorkerExpiration.NOT_SCHEDULED, w.poll(WorkerStatus.IDLE, 1234), "0 means no timeout");
    }

    @Test
    void theRequestTimeoutGivesTheDeadlineAndTheBusyExpiration() {
        WorkerPolicy policy = new WorkerPolicy().requestTimeout(Duration.ofMillis(30));
        WorkerPolicy.Worker<String> w = worker(policy);
        long before = System.nanoTime();
        long deadline = w.onRequestStart(null, "r");
        long after = System.nanoTime();
        assertTrue(deadline - (before + 30_000_000) >= 0 && deadline - (after + 30_000_000) <= 0, "deadline");
        assertEquals(5000 + 30_000_000, w.poll(WorkerStatus.REQUESTS, 5000));
        assertEquals(5000 + 30_000_000, w.poll(WorkerStatus.POST_RETURN, 5000));
        policy.requestTimeout(Duration.ZERO);
        assertEquals(WorkerState.NO_DEADLINE, w.onRequestStart(null, "r"));
        assertEquals(WorkerExpiration.NOT_SCHEDULED, w.poll(WorkerStatus.REQUESTS, 5000));
    }

    @Test
    void dropPassesTheStoreAndFailureOn() {
        AtomicReference<Object[]> dropped = new AtomicReference<>();
        WorkerPolicy.Worker<String> w = new WorkerPolicy().forWorker(() -> 0, (s, f) -> dropped.set(new Object[] {s, f}));
        Store store = new Store(Map.of());
        Throwable why = new IllegalStateException("trap");
        w.drop(store, why);
        assertSame(store, dropped.get()[0]);
        assertSame(why, dropped.get()[1]);
    }

    @Test
    void validationNamesTheSetting() {
        WorkerPolicy p = new WorkerPolicy();
        rejects("maxInstanceReuseCount", () -> p.maxInstanceReuseCount(0));
        rejects("reuseJitter", () -> p.reuseJitter(1.5));
        rejects("reuseJitter", () -> p.reuseJitter(Double.NaN));
        rejects("maxInstanceConcurrentReuseCount", () -> p.maxInstanceConcurrentReuseCount(0));
        rejects("idleInstanceTimeout", () -> p.idleInstanceTimeout(Duration.ofMillis(-1)));
        rejects("requestTimeout", () -> p.requestTimeout(Duration.ofSeconds(-1)));
        rejects("maxInstanceLifetime", () -> p.maxInstanceLifetime(Duration.ofNanos(-1)));
        rejects("lifetimeJitter", () -> p.lifetimeJitter(-0.1));
        rejects("maxMemoryBytes", () -> p.maxMemoryBytes(-1));
        // A rejected value leaves the setting as it was.
        assertEquals(1, p.maxInstanceReuseCount());
        assertEquals(Duration.ZERO, p.requestTimeout());
    }

    private static void rejects(String setting, Runnable set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set::run);
        assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
    }

}
