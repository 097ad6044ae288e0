package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.instanceOf;
import static dev.wasmlet.handler.FakeState.request;
import static dev.wasmlet.handler.FakeState.text;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Request deadlines: "guest timed out", the guest interrupted, the worker retired. */
class DeadlineTest extends PoolTestBase {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/spin", "/park"})
    void aGuestPastItsDeadlineIsInterruptedAndItsWorkerRetired(String guest) throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO)
                .requestTimeout(Duration.ofMillis(100));
        pool();
        long start = System.nanoTime();
        ExpirationError error = failure(ExpirationError.class, pool.handle("slow", request(guest)));
        assertEquals("guest timed out", error.getMessage());
        assertTrue(millisSince(start) >= 90, "expired after " + millisSince(start) + " ms");

        await("the worker is dropped", () -> state.drops.size() == 1);
        assertInstanceOf(ExpirationError.class, state.drops.get(0).failure());
        assertEquals(1, state.interruptedGuests.get(), "the guest was interrupted, not waited for");
        assertEquals(1, pool.statistics().requestExpirations());

        // The timed-out worker takes no new request; the pool serves the next one.
        Response next = ok(pool.handle("next", request("/ok/next")));
        assertNotEquals(0, instanceOf(next));
        assertEquals("/ok/next", text(next.body()));
    }

    @Test
    void aDeadlinePassingWhileTheBodyStreamsRetiresTheWorker() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO)
                .requestTimeout(Duration.ofMillis(100));
        pool();
        // The response was set in time: the caller has it. The guest then overruns its deadline.
        Response response = ok(pool.handle("s", request("/stream/20000")));
        assertEquals("/stream/20000", text(response.body()));
        await("the overrunning worker is dropped", () -> state.drops.size() == 1);
        assertInstanceOf(ExpirationError.class, state.drops.get(0).failure());
        assertEquals(1, state.interruptedGuests.get());
        assertEquals(1, instanceOf(ok(pool.handle("n", request("/ok/n")))));
    }

    @Test
    void aTinyTimeoutOnASleepingGuestFailsEveryRequestAndThePoolStaysUsable() throws Exception {
        state.policy.requestTimeout(Duration.ofNanos(100_000)); // 100 µs, as in the reference test
        pool();
        failure(ExpirationError.class, pool.handle("one", request("/sleep/1000")));

        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                int caller = c;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        ExpirationError e = failure(ExpirationError.class,
                                pool.handle(caller + "-" + i, request("/sleep/1000")));
                        assertEquals("guest timed out", e.getMessage());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(20, SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(101, pool.statistics().requestExpirations());
        await("every timed-out worker is dropped", () -> state.drops.size() == 101);
        assertTrue(state.drops.stream().allMatch(d -> d.failure() instanceof ExpirationError), "drops");

        state.policy.requestTimeout(Duration.ZERO);
        assertEquals("/ok/after", text(ok(pool.handle("after", request("/ok/after"))).body()));
        // The base class then checks that shutdown completes and every instance was dropped once.
    }

    @Test
    void aLoweredRequestTimeoutReachesARunningRequest() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool();
        CompletableFuture<Response> running = pool.handle("r", request("/spin"));
        awaitGuestEntered();
        state.policy.requestTimeout(Duration.ofMillis(50));
        pool.policiesChanged();
        failure(ExpirationError.class, running);
        await("the worker is dropped", () -> state.drops.size() == 1);
        assertInstanceOf(ExpirationError.class, state.drops.get(0).failure());
    }

    @Test
    void aChangedRequestTimeoutAppliesToTheNextRequest() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO)
                .requestTimeout(Duration.ofMillis(50));
        pool();
        failure(ExpirationError.class, pool.handle("a", request("/sleep/300")));
        state.policy.requestTimeout(Duration.ofSeconds(20));
        pool.policiesChanged();
        ok(pool.handle("b", request("/sleep/300")));
        state.policy.requestTimeout(Duration.ofMillis(50));
        pool.policiesChanged();
        failure(ExpirationError.class, pool.handle("c", request("/sleep/3000")));
    }

    @Test
    void theRequestTimeoutBoundsTheRequestNotTheWorker() throws Exception {
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO)
                .requestTimeout(Duration.ofMillis(200));
        pool();
        // Three requests of 100 ms on one worker: 300 ms in all, each within its own deadline.
        for (int i = 0; i < 3; i++) {
            await("the worker is available", () -> pool.statistics().live() == 0 || pool.statistics().idle() == 1);
            assertEquals(0, instanceOf(ok(pool.handle("r" + i, request("/sleep/100")))));
        }
        assertTrue(state.drops.isEmpty(), state.drops::toString);
    }
}
