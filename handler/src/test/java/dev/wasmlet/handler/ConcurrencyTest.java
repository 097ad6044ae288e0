package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.request;
import static dev.wasmlet.handler.FakeState.text;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many callers at once, with successes and failures mixed, against a bounded pool with spares. */
class ConcurrencyTest extends PoolTestBase {
    static final int THREADS = 16;
    static final int REQUESTS = 200;

    /** What request {@code i} of a caller asks the fake guest to do. */
    static String path(int caller, int i) {
        return switch (i % 10) {
            case 3 -> "/trap";
            case 7 -> "/never";
            default -> "/ok/" + caller + "-" + i;
        };
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void everyRequestIsAnsweredOnceAndThePoolSettles() throws Exception {
        state.policy.maxInstanceReuseCount(4).idleInstanceTimeout(Duration.ofMillis(50));
        int warm = 2;
        pool(b -> b.maxInstances(8).warmInstances(warm));
        Map<String, CompletableFuture<Response>> futures = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
        runCallers(THREADS, caller -> {
            // Each caller keeps a few requests in flight at once.
            List<CompletableFuture<Response>> window = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String id = caller + ":" + i;
                CompletableFuture<Response> f = pool.handle(id, request(path(caller, i)), Duration.ofSeconds(30));
                futures.put(id, f);
                completions.put(id, new AtomicInteger());
                f.whenComplete((r, e) -> completions.get(id).incrementAndGet());
                window.add(f);
                if (window.size() == 4) {
                    window.remove(0).handle((r, e) -> null).get(30, SECONDS);
                }
            }
        });
        assertEquals(THREADS * REQUESTS, futures.size());

        int ok = 0;
        int traps = 0;
        int neverSet = 0;
        for (var entry : futures.entrySet()) {
            String id = entry.getKey();
            String[] parts = id.split(":");
            String path = path(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            CompletableFuture<Response> f = entry.getValue();
            if (path.equals("/trap")) {
                failure(TrapError.class, f);
                traps++;
            } else if (path.equals("/never")) {
                GuestResponseError e = failure(GuestResponseError.class, f);
                assertEquals(GuestResponseError.NEVER_SET, e.getMessage());
                neverSet++;
            } else {
                assertEquals(path, text(ok(f).body()), "the response of request " + id);
                ok++;
            }
        }
        assertEquals(THREADS * REQUESTS / 10, traps);
        assertEquals(THREADS * REQUESTS / 10, neverSet);
        assertEquals(THREADS * REQUESTS * 8 / 10, ok);
        await("every completion callback ran", () -> completions.values().stream().allMatch(n -> n.get() == 1));

        // Idle used workers expire; the warm spares stay.
        await("the pool settles to its spares", () -> pool.statistics().live() == warm
                && pool.statistics().spares() == warm && state.live() == warm);
        assertEquals(state.instantiations.get(), state.drops.size() + pool.statistics().live());
        long trapDrops = state.drops.stream().filter(d -> d.failure() instanceof TrapError
                || d.failure() instanceof dev.wasmlet.runtime.GuestTrapException).count();
        assertEquals(traps, trapDrops, "one failed drop per trap");
        assertEquals(0, pool.statistics().busy());
        assertTrue(pool.statistics().poolLimitErrors() >= 0);
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void callersWithoutWaitingEitherGetAnAnswerOrTheRequestBack() throws Exception {
        state.policy.maxInstanceReuseCount(16).idleInstanceTimeout(Duration.ofMillis(50));
        pool(b -> b.maxInstances(4).warmInstances(1));
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        runCallers(THREADS, caller -> {
            for (int i = 0; i < 100; i++) {
                String path = "/ok/" + caller + "-" + i;
                Request request = request(path);
                try {
                    Response r = pool.handle(path, request).get(30, SECONDS);
                    assertEquals(path, text(r.body()));
                    served.incrementAndGet();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof InstantiationError ie && ie.isPoolLimit()
                            && ie.request() == request && path.equals(ie.data()))) {
                        throw e;
                    }
                    refused.incrementAndGet();
                }
            }
        });
        assertEquals(THREADS * 100, served.get() + refused.get());
        assertTrue(served.get() > 0);
        await("the pool settles to its spare", () -> pool.statistics().live() == 1 && state.live() == 1);
        assertTrue(state.instantiations.get() <= served.get() + 1, "instances " + state.instantiations.get());
    }
}
