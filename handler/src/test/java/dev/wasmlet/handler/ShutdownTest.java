package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.request;
import static dev.wasmlet.handler.FakeState.text;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: stop taking work, drain within the grace period, then interrupt. */
class ShutdownTest extends PoolTestBase {

    @Test
    void inFlightRequestsFinishWithinTheGracePeriod() throws Exception {
        state.policy.maxInstanceReuseCount(128);
        pool();
        CompletableFuture<Response> inFlight = pool.handle("f", request("/sleep/300"));
        awaitGuestEntered();
        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofSeconds(10));
        failure(HandlerClosedError.class, pool.handle("late", request("/ok/late")));
        assertEquals("/sleep/300", text(ok(inFlight).body()));
        stopped.get(WAIT_SECONDS, SECONDS);
        assertEquals(1, state.drops.size());
        assertNull(state.drops.get(0).failure());
        assertEquals(0, state.interruptedGuests.get());
        failure(HandlerClosedError.class, pool.handle("later", request("/ok/later")));
        failure(HandlerClosedError.class, pool.handle("later", request("/ok/later"), Duration.ofSeconds(10)));
    }

    @Test
    void aGuestStillRunningPastTheGracePeriodIsInterrupted() throws Exception {
        pool();
        CompletableFuture<Response> spinning = pool.handle("s", request("/spin"));
        awaitGuestEntered();
        long start = System.nanoTime();
        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofMillis(100));
        failure(HandlerClosedError.class, spinning);
        stopped.get(WAIT_SECONDS, SECONDS);
        assertTrue(millisSince(start) >= 90, "interrupted after " + millisSince(start) + " ms");
        assertEquals(1, state.interruptedGuests.get());
        assertInstanceOf(HandlerClosedError.class, state.drops.get(0).failure());
    }

    /** What a servlet container checks right after the application stopped: no thread of the pool is left. */
    @Test
    void awaitTerminationReturnsWhenEveryThreadOfThePoolHasEnded() throws Exception {
        String name = "await-" + System.nanoTime();
        pool(b -> b.name(name).warmInstances(2));
        CompletableFuture<Response> spinning = pool.handle("s", request("/spin"));
        awaitGuestEntered();
        pool.shutdown(Duration.ofMillis(50));
        failure(HandlerClosedError.class, spinning);
        assertTrue(pool.awaitTermination(Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(java.util.List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith(name)).toList());
    }

    @Test
    void idleWorkersAndSparesAreDroppedCleanly() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool(b -> b.warmInstances(2));
        ok(pool.handle("a", request("/ok/a")));
        await("three idle workers", () -> pool.statistics().idle() == 3);
        pool.shutdown(Duration.ofSeconds(10)).get(WAIT_SECONDS, SECONDS);
        assertEquals(3, state.drops.size());
        assertTrue(state.drops.stream().allMatch(d -> d.failure() == null), state.drops::toString);
    }

    @Test
    void shutdownWaitsForAnInstanceBeingMade() throws Exception {
        state.instantiateGate = new CountDownLatch(1);
        pool(b -> b.warmInstances(1));
        await("the spare is being made", () -> state.attempts.get() == 1);
        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofSeconds(10));
        assertFalse(stopped.isDone());
        state.instantiateGate.countDown();
        stopped.get(WAIT_SECONDS, SECONDS);
        assertEquals(1, state.drops.size());
    }

    @Test
    void aRequestWhoseInstanceIsBeingMadeIsServedDuringShutdown() throws Exception {
        state.instantiateGate = new CountDownLatch(1);
        pool();
        CompletableFuture<Response> first = pool.handle("a", request("/ok/a"));
        await("the worker is being made", () -> state.attempts.get() == 1);
        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofSeconds(10));
        state.instantiateGate.countDown();
        assertEquals("/ok/a", text(ok(first).body()));
        stopped.get(WAIT_SECONDS, SECONDS);
    }

    @Test
    void callersWaitingForCapacityAreToldAtShutdown() throws Exception {
        state.gate = new CountDownLatch(1);
        pool(b -> b.maxInstances(1));
        CompletableFuture<Response> held = pool.handle("h", request("/hold"));
        awaitGuestEntered();
        CompletableFuture<Response> waiting = pool.handle("w", request("/ok/w"), Duration.ofSeconds(60));
        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofSeconds(10));
        failure(HandlerClosedError.class, waiting);
        state.gate.countDown();
        ok(held);
        stopped.get(WAIT_SECONDS, SECONDS);
    }

    @Test
    void noCallerIsLostWhenTheLastWorkerGoesWhileTheTimerIsBusy() throws Exception {
        state.gate = new CountDownLatch(1);
        pool(b -> b.maxInstances(1));
        CompletableFuture<Response> held = pool.handle("h", request("/hold"));
        awaitGuestEntered();
        // A caller gives up on the pool's timer thread, and its own callback keeps that thread busy.
        CountDownLatch callbackRunning = new CountDownLatch(1);
        CountDownLatch releaseCallback = new CountDownLatch(1);
        CompletableFuture<Response> givesUp = pool.handle("g", request("/ok/g"), Duration.ofMillis(50));
        givesUp.whenComplete((r, e) -> {
            callbackRunning.countDown();
            try {
                releaseCallback.await(WAIT_SECONDS, SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Response> waiting = pool.handle("w", request("/ok/w"), Duration.ofSeconds(60));
        assertTrue(callbackRunning.await(WAIT_SECONDS, SECONDS));
        // Shutdown must tell the waiting caller; meanwhile the last worker ends and the pool terminates.
        CompletableFuture<Void> stopped = pool.shutdown(Duration.ofSeconds(10));
        state.gate.countDown();
        ok(held);
        stopped.get(WAIT_SECONDS, SECONDS);
        releaseCallback.countDown();
        failure(HandlerClosedError.class, waiting);
        failure(InstantiationError.class, givesUp);
    }

    @Test
    void shutdownIsIdempotentAndCloseWaits() throws Exception {
        pool();
        ok(pool.handle("a", request("/ok/a")));
        CompletableFuture<Void> first = pool.shutdown(Duration.ofSeconds(1));
        CompletableFuture<Void> second = pool.shutdown(Duration.ofSeconds(1));
        first.get(WAIT_SECONDS, SECONDS);
        second.get(WAIT_SECONDS, SECONDS);
        pool.close();
        assertEquals(1, state.drops.size());
    }
}
