package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.instanceOf;
import static dev.wasmlet.handler.FakeState.request;
import static dev.wasmlet.handler.FakeState.text;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Warm spares: instances made ahead of demand, so that a fresh instance per request costs no latency. */
class WarmSpareTest extends PoolTestBase {

    @Test
    void aRequestIsServedByASpareAndTheSpareIsReplaced() throws Exception {
        pool(b -> b.warmInstances(2)); // reuse 1: a fresh instance per request
        await("two spares are ready", () -> pool.statistics().idle() == 2 && pool.statistics().spares() == 2);
        assertEquals(2, pool.statistics().live());
        assertEquals(2, state.instantiations.get());
        Set<Integer> ready = new HashSet<>(state.stores.keySet());

        long before = System.nanoTime();
        Response response = ok(pool.handle("a", request("/ok/a")));
        int servedBy = instanceOf(response);
        assertTrue(ready.contains(servedBy), "served by " + servedBy + ", spares were " + ready);
        assertTrue(state.madeAt.get(servedBy) - before < 0, "the serving instance was made before the request");

        await("the used instance is dropped and the spares restored", () -> state.drops.size() == 1
                && pool.statistics().spares() == 2 && pool.statistics().idle() == 2);
        assertEquals(servedBy, state.drops.get(0).instance());
        assertEquals(3, state.instantiations.get());
        assertEquals(2, pool.statistics().live());
    }

    @Test
    void sparesServeABurstAndAreRestoredAfterIt() throws Exception {
        pool(b -> b.warmInstances(2));
        await("two spares are ready", () -> pool.statistics().idle() == 2);
        for (int i = 0; i < 10; i++) {
            assertEquals("/ok/" + i, text(ok(pool.handle("r" + i, request("/ok/" + i))).body()));
        }
        await("the spares are restored", () -> pool.statistics().live() == 2 && pool.statistics().spares() == 2
                && pool.statistics().idle() == 2);
        assertEquals(state.instantiations.get(), state.drops.size() + 2);
    }

    @Test
    void sparesCountAgainstMaxInstances() throws Exception {
        state.gate = new CountDownLatch(1);
        pool(b -> b.warmInstances(2).maxInstances(2));
        await("two spares are ready", () -> pool.statistics().idle() == 2);
        CompletableFuture<Response> a = pool.handle("a", request("/hold"));
        CompletableFuture<Response> b = pool.handle("b", request("/hold"));
        awaitGuestEntered();
        awaitGuestEntered();
        InstantiationError full = failure(InstantiationError.class, pool.handle("c", request("/ok/c")));
        assertTrue(full.isPoolLimit());
        assertEquals(2, state.instantiations.get());
        state.gate.countDown();
        ok(a);
        ok(b);
        await("the spares are restored", () -> pool.statistics().spares() == 2 && pool.statistics().idle() == 2);
    }

    @Test
    void aFailingSpareIsNotAWorkerAndIsNotRetriedAtOnce() throws Exception {
        state.failure = new IllegalStateException("cannot instantiate");
        pool(b -> b.warmInstances(1));
        await("the spare failed", () -> pool.statistics().instantiationFailures() >= 1);
        // A broken component must not be instantiated in a loop.
        MILLISECONDS.sleep(300);
        assertEquals(1, state.attempts.get(), "instantiation attempts");
        assertEquals(0, pool.statistics().live());
        assertEquals(0, pool.statistics().spares());
        assertTrue(state.drops.isEmpty());

        state.failure = null;
        pool.setWarmInstances(1);
        await("the spare is made", () -> pool.statistics().idle() == 1 && pool.statistics().spares() == 1);
    }

    @Test
    void warmInstancesChangeAtRunTime() throws Exception {
        state.policy.idleInstanceTimeout(Duration.ofMillis(10));
        pool();
        assertEquals(0, pool.statistics().live());
        pool.setWarmInstances(3);
        await("three spares", () -> pool.statistics().idle() == 3 && pool.statistics().spares() == 3);
        pool.setWarmInstances(1);
        assertEquals(2, pool.reclaimIdle(1));
        await("one spare left", () -> pool.statistics().live() == 1 && pool.statistics().spares() == 1);
        assertTrue(state.drops.stream().allMatch(d -> d.failure() == null));
    }
}
