package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.instanceOf;
import static dev.wasmlet.handler.FakeState.request;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Worker expiration (idleness, lifetime, reclaim) and policies changed while the pool runs. */
class ExpirationTest extends PoolTestBase {

    @Test
    void anIdleUsedWorkerExitsAfterTheIdleTimeout() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ofMillis(150));
        pool();
        ok(pool.handle("a", request("/ok/a")));
        long served = System.nanoTime();
        await("the idle worker exits", () -> state.drops.size() == 1);
        assertTrue(millisSince(served) >= 140, "expired after " + millisSince(served) + " ms idle");
        assertNull(state.drops.get(0).failure());
        assertEquals(1, pool.statistics().idleExpirations());
        assertEquals(0, pool.statistics().live());
    }

    @Test
    void aWarmSpareThatNeverServedIsNotExpiredByIdleness() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ofMillis(20));
        pool(b -> b.warmInstances(1));
        await("the spare is ready", () -> pool.statistics().idle() == 1);
        // Give a wrong idle expiration ample time (ten idle timeouts) to happen.
        MILLISECONDS.sleep(200);
        assertTrue(state.drops.isEmpty(), state.drops::toString);
        assertEquals(1, state.instantiations.get());
        // Once it has served, the same worker does expire by idleness.
        assertEquals(0, instanceOf(ok(pool.handle("a", request("/ok/a")))));
        await("the used worker exits", () -> state.dropsOf(0).size() == 1);
        assertNull(state.dropsOf(0).get(0).failure());
        await("a new spare replaces it", () -> pool.statistics().spares() == 1 && pool.statistics().idle() == 1);
    }

    @Test
    void aLoweredReuseCountRetiresALiveIdleWorker() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, instanceOf(ok(pool.handle("r" + i, request("/ok/" + i)))));
            await("the worker is available again", () -> pool.statistics().idle() == 1);
        }
        state.policy.maxInstanceReuseCount(2);
        pool.policiesChanged();
        await("the worker exits", () -> state.drops.size() == 1);
        assertNull(state.drops.get(0).failure());
    }

    @Test
    void aLoweredIdleTimeoutReachesAnIdleWorker() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ofHours(1));
        pool();
        ok(pool.handle("a", request("/ok/a")));
        await("the worker is available", () -> pool.statistics().idle() == 1);
        state.policy.idleInstanceTimeout(Duration.ofMillis(10));
        pool.policiesChanged();
        await("the worker exits without waiting an hour", () -> state.drops.size() == 1);
        assertNull(state.drops.get(0).failure());
    }

    @Test
    void aRaisedIdleTimeoutKeepsAWorker() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ofMillis(300));
        pool();
        ok(pool.handle("a", request("/ok/a")));
        state.policy.idleInstanceTimeout(Duration.ofHours(1));
        pool.policiesChanged();
        MILLISECONDS.sleep(600);
        assertTrue(state.drops.isEmpty(), state.drops::toString);
        assertEquals(0, instanceOf(ok(pool.handle("b", request("/ok/b")))));
    }

    @Test
    void anIdleWorkerPastItsLifetimeExits() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool();
        ok(pool.handle("a", request("/ok/a")));
        await("the worker is available", () -> pool.statistics().idle() == 1);
        state.policy.maxInstanceLifetime(Duration.ofMillis(1));
        pool.policiesChanged();
        await("the worker retires", () -> state.drops.size() == 1);
        assertNull(state.drops.get(0).failure());
    }

    @Test
    void aBusyWorkerPastItsLifetimeFinishesItsRequestThenRetires() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO)
                .maxInstanceLifetime(Duration.ofMillis(50));
        pool();
        ok(pool.handle("a", request("/sleep/200")));
        await("the worker retires", () -> state.drops.size() == 1);
        assertNull(state.drops.get(0).failure());
    }

    @Test
    void aWorkerOverItsMemoryLimitTakesNoFurtherRequest() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO).maxMemoryBytes(1 << 20);
        pool();
        state.memoryBytes = 2 << 20;
        ok(pool.handle("a", request("/ok/a")));
        await("the worker retires", () -> state.drops.size() == 1);
        assertNull(state.drops.get(0).failure());
    }

    @Test
    void reclaimIdleEndsTheLeastRecentlyUsedWorkers() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        state.gate = new java.util.concurrent.CountDownLatch(1);
        pool();
        var held = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Response>>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.handle("h" + i, request("/hold")));
            awaitGuestEntered();
        }
        state.gate.countDown();
        for (var f : held) {
            ok(f);
        }
        await("three idle workers", () -> pool.statistics().idle() == 3);
        assertEquals(2, pool.reclaimIdle(1));
        await("two workers exit", () -> state.drops.size() == 2);
        assertTrue(state.drops.stream().allMatch(d -> d.failure() == null));
        assertEquals(1, pool.statistics().live());
    }
}
