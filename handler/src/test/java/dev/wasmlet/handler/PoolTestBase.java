package dev.wasmlet.handler;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * Shared set-up of the pool tests: a {@link FakeState}, a pool over it, and a check after each
 * test that shutting the pool down completes and that every instance ever made was passed to
 * {@code drop} exactly once, with its own store.
 */
@Timeout(value = 30, unit = SECONDS)
abstract class PoolTestBase {
    /** How long a test waits for something that should happen at once (a generous bound). */
    static final long WAIT_SECONDS = 5;

    final FakeState state = new FakeState();
    ProxyHandler<String> pool;

    ProxyHandler<String> pool(UnaryOperator<ProxyHandler.Builder<String>> config) {
        pool = config.apply(ProxyHandler.builder(state).name(getClass().getSimpleName())).build();
        return pool;
    }

    ProxyHandler<String> pool() {
        return pool(b -> b);
    }

    @AfterEach
    void everyInstanceIsDroppedOnceAtShutdown() throws Exception {
        state.gate.countDown();
        CountDownLatch instantiateGate = state.instantiateGate;
        if (instantiateGate != null) {
            instantiateGate.countDown();
        }
        if (pool == null) {
            return;
        }
        pool.shutdown(Duration.ofSeconds(2)).get(10, SECONDS);
        assertEquals(0, pool.statistics().live(), "live instances after shutdown");
        assertEquals(state.instantiations.get(), state.drops.size(), "drops vs instances made: " + state.drops);
        for (var entry : state.stores.entrySet()) {
            List<FakeState.Drop> drops = state.dropsOf(entry.getKey());
            assertEquals(1, drops.size(), "drops of instance " + entry.getKey());
            assertSame(entry.getValue(), drops.get(0).store(), "store passed to drop of instance " + entry.getKey());
        }
    }

    static Response ok(CompletableFuture<Response> future) throws Exception {
        Response response = future.get(WAIT_SECONDS, SECONDS);
        assertEquals(200, response.status());
        return response;
    }

    /** The failure of {@code future}, which must fail with {@code type} within the wait bound. */
    static <T extends Throwable> T failure(Class<T> type, CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, SECONDS));
        return assertInstanceOf(type, e.getCause());
    }

    /** Waits, bounded, for {@code condition}; polling is how the test sees the pool settle. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            MILLISECONDS.sleep(2);
        }
    }

    /** Waits until one guest has started a request. */
    void awaitGuestEntered() throws InterruptedException {
        if (!state.entered.tryAcquire(WAIT_SECONDS, SECONDS)) {
            throw new AssertionError("no guest started");
        }
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
