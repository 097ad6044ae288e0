package dev.wasmlet.handler;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        shutDownAndCheckDrops(pool, state);
    }

    /** Shuts {@code handler} down and checks that each instance {@code fake} made was dropped once. */
    static void shutDownAndCheckDrops(ProxyHandler<String> handler, FakeState fake) throws Exception {
        fake.gate.countDown();
        CountDownLatch instantiateGate = fake.instantiateGate;
        if (instantiateGate != null) {
            instantiateGate.countDown();
        }
        if (handler == null) {
            return;
        }
        handler.shutdown(Duration.ofSeconds(2)).get(10, SECONDS);
        assertEquals(0, handler.statistics().live(), "live instances after shutdown");
        assertEquals(fake.instantiations.get(), fake.drops.size(), "drops vs instances made: " + fake.drops);
        for (var entry : fake.stores.entrySet()) {
            List<FakeState.Drop> drops = fake.dropsOf(entry.getKey());
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

    /** One caller of {@link #runCallers}, given its number. */
    interface Caller {
        void run(int caller) throws Exception;
    }

    /** Runs {@code count} callers at once, each on a thread of its own, and fails with what any of them threw. */
    static void runCallers(int count, Caller caller) throws InterruptedException {
        List<Throwable> wrong = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    caller.run(id);
                } catch (Throwable e) {
                    wrong.add(e);
                }
            }, "caller-" + c);
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(SECONDS.toMillis(50));
        }
        assertTrue(wrong.isEmpty(), () -> "callers failed: " + wrong);
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
