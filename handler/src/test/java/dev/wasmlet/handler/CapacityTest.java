package dev.wasmlet.handler;

import static dev.wasmlet.handler.FakeState.instanceOf;
import static dev.wasmlet.handler.FakeState.request;
import static dev.wasmlet.handler.FakeState.text;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PoolCapacity}: the memory budget, and capacity shared between two pools, each over its
 * own fake embedder ({@link #state} for {@link #pool}, {@link #stateB} for {@link #poolB}).
 */
class CapacityTest extends PoolTestBase {
    static final long MIB = 1024 * 1024;

    final FakeState stateB = new FakeState();
    ProxyHandler<String> poolB;

    ProxyHandler<String> poolB(UnaryOperator<ProxyHandler.Builder<String>> config) {
        poolB = config.apply(ProxyHandler.builder(stateB).name("CapacityTestB")).build();
        return poolB;
    }

    @AfterEach
    void poolBDropsEveryInstanceOnce() throws Exception {
        shutDownAndCheckDrops(poolB, stateB);
    }

    /** Makes pool A hold two idle instances: 1 served {@code /ok} and went idle first, then 0 its {@code /hold}. */
    private void twoIdleInstancesInA() throws Exception {
        state.gate = new CountDownLatch(1);
        CompletableFuture<Response> held = pool.handle("held", request("/hold"));
        awaitGuestEntered();
        assertEquals(1, instanceOf(ok(pool.handle("quick", request("/ok/quick")))));
        await("instance 1 is idle", () -> pool.statistics().idle() == 1);
        state.gate.countDown();
        assertEquals(0, instanceOf(ok(held)));
        await("both are idle", () -> pool.statistics().idle() == 2);
    }

    @Test
    void atTheMemoryBudgetTheRequestComesBackAndASecondTrySucceedsOnceAnInstanceGoes() throws Exception {
        state.memoryBytes = MIB;
        state.gate = new CountDownLatch(1);
        PoolCapacity capacity = new PoolCapacity(100, 2 * MIB);
        pool(b -> b.capacity(capacity));
        CompletableFuture<Response> first = pool.handle("a", request("/hold"));
        awaitGuestEntered();
        CompletableFuture<Response> second = pool.handle("b", request("/hold"));
        awaitGuestEntered();
        assertEquals(2 * MIB, capacity.memoryBytes());
        assertEquals(2 * MIB, pool.statistics().memoryBytes());

        Request request = request("/ok/third");
        String data = new String("third-data");
        InstantiationError error = failure(InstantiationError.class, pool.handle(data, request));
        PoolLimitError limit = assertInstanceOf(PoolLimitError.class, error.getCause());
        assertTrue(limit.getMessage().contains("memory budget of " + 2 * MIB + " bytes"), limit.getMessage());
        assertTrue(limit.getMessage().contains("no idle instance was left to end"), limit.getMessage());
        assertSame(request, error.request());
        assertSame(data, error.data());
        assertEquals(2, state.instantiations.get());

        state.gate.countDown();
        ok(first);
        ok(second);
        await("both used instances are dropped", () -> state.drops.size() == 2);
        assertEquals(0, capacity.memoryBytes());
        assertEquals("/ok/third", text(ok(pool.handle((String) error.data(), error.request())).body()));
    }

    @Test
    void aRequestOnOnePoolEndsTheLeastRecentlyUsedIdleInstanceOfAnotherSharingItsCapacity() throws Exception {
        PoolCapacity shared = new PoolCapacity(2, 0);
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool(b -> b.capacity(shared));
        poolB(b -> b.capacity(shared));
        twoIdleInstancesInA();
        assertEquals(2, shared.instances());

        assertEquals("/ok/b", text(ok(poolB.handle("b", request("/ok/b"))).body()));
        await("A's instance 1 is dropped", () -> state.drops.size() == 1);
        FakeState.Drop drop = state.drops.get(0);
        assertEquals(1, drop.instance(), "the least recently used idle instance goes");
        assertNull(drop.failure());
        assertEquals(1, pool.statistics().reclaims());
        assertEquals(1, pool.statistics().live());
        assertEquals(0, pool.statistics().poolLimitErrors());
        assertEquals(0, poolB.statistics().poolLimitErrors());
        // A's remaining instance still serves.
        assertEquals(0, instanceOf(ok(pool.handle("a", request("/ok/a")))));
    }

    @Test
    void aWarmSpareIsEndedBeforeAUsedIdleInstance() throws Exception {
        PoolCapacity shared = new PoolCapacity(2, 0);
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool(b -> b.capacity(shared).warmInstances(1));
        await("A's spare is ready", () -> pool.statistics().spares() == 1 && pool.statistics().idle() == 1);
        // The spare serves this request, and the pool makes a new spare in its place.
        int used = instanceOf(ok(pool.handle("a", request("/ok/a"))));
        await("A has a used idle instance and a new spare", () -> pool.statistics().idle() == 2
                && pool.statistics().spares() == 1);
        poolB(b -> b.capacity(shared));

        ok(poolB.handle("b", request("/ok/b")));
        await("one of A's instances is dropped", () -> state.drops.size() == 1);
        assertFalse(state.drops.get(0).instance() == used, "the spare goes, not the used instance");
        assertEquals(1, pool.statistics().reclaims());
        // B's worker goes after its request (reuse 1), and A makes its spare again in the room it leaves.
        await("A's spare is back", () -> pool.statistics().spares() == 1 && pool.statistics().idle() == 2);
        assertTrue(state.dropsOf(used).isEmpty());
    }

    @Test
    void aBusyInstanceIsNeverEndedAndAWaitingRequestOfTheOtherPoolGoesOnceOneEnds() throws Exception {
        PoolCapacity shared = new PoolCapacity(2, 0);
        state.gate = new CountDownLatch(1);
        pool(b -> b.capacity(shared));
        poolB(b -> b.capacity(shared));
        CompletableFuture<Response> a1 = pool.handle("a1", request("/hold"));
        CompletableFuture<Response> a2 = pool.handle("a2", request("/hold"));
        awaitGuestEntered();
        awaitGuestEntered();

        InstantiationError error = failure(InstantiationError.class, poolB.handle("b", request("/ok/b")));
        assertTrue(error.isPoolLimit());
        assertTrue(error.getCause().getMessage().contains("at its limit of 2 instances"), error.getMessage());
        assertEquals(0, pool.statistics().reclaims());
        assertEquals(2, pool.statistics().busy());
        assertTrue(state.drops.isEmpty());

        CompletableFuture<Response> waiting = poolB.handle("b", request("/ok/waited"), Duration.ofSeconds(10));
        assertFalse(waiting.isDone());
        state.gate.countDown();
        ok(a1);
        ok(a2);
        // Reuse 1: A's workers go when their requests end, which frees the shared capacity.
        assertEquals("/ok/waited", text(ok(waiting).body()));
    }

    @Test
    void theMemoryBudgetChangesAtRunTime() throws Exception {
        state.memoryBytes = MIB;
        PoolCapacity capacity = new PoolCapacity(100, 3 * MIB);
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        pool(b -> b.capacity(capacity));
        twoIdleInstancesInA();
        assertEquals(2 * MIB, capacity.memoryBytes());

        capacity.maxMemoryBytes(MIB);
        assertEquals(MIB, capacity.memoryBytes(), "lowering the budget ends idle instances until it fits");
        assertEquals(1, pool.statistics().reclaims());
        await("the least recently used is dropped", () -> state.drops.size() == 1);
        assertEquals(1, state.drops.get(0).instance());

        state.gate = new CountDownLatch(1);
        CompletableFuture<Response> held = pool.handle("held", request("/hold"));
        awaitGuestEntered();
        CompletableFuture<Response> waiting = pool.handle("w", request("/ok/w"), Duration.ofSeconds(10));
        assertFalse(waiting.isDone(), "the only instance is busy and a second does not fit");
        assertTrue(pool.statistics().poolLimitErrors() >= 1);

        capacity.maxMemoryBytes(2 * MIB);
        assertEquals("/ok/w", text(ok(waiting).body()));
        state.gate.countDown();
        ok(held);
    }

    @Test
    void anInstanceThatGrewOverTheBudgetEndsInsteadOfWaitingIdle() throws Exception {
        state.memoryBytes = MIB;
        PoolCapacity capacity = new PoolCapacity(100, 2 * MIB);
        state.policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        state.guest = (id, request, response) -> {
            if (request.pathWithQuery().equals("/grow")) {
                state.memoryOf.put(id, 3 * MIB);
            }
            FakeState.respond(id, request, response);
        };
        pool(b -> b.capacity(capacity));
        ok(pool.handle("a", request("/ok/a")));
        await("the instance is idle", () -> pool.statistics().idle() == 1);
        assertEquals(MIB, capacity.memoryBytes(), "charged its size after the request");

        int grown = instanceOf(ok(pool.handle("g", request("/grow"))));
        await("the grown instance is dropped", () -> state.drops.size() == 1);
        assertEquals(grown, state.drops.get(0).instance());
        assertNull(state.drops.get(0).failure());
        assertEquals(1, pool.statistics().reclaims());
        assertEquals(0, capacity.memoryBytes());
        assertEquals(0, capacity.instances());
        ok(pool.handle("next", request("/ok/next")));
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void manyCallersOnTwoPoolsSharingCapacityAreAllServedAndBothSettleToTheirSpares() throws Exception {
        int perPool = 8;
        PoolCapacity shared = new PoolCapacity(6, 0);
        for (FakeState s : List.of(state, stateB)) {
            s.policy.maxInstanceReuseCount(4).idleInstanceTimeout(Duration.ofMillis(50));
        }
        pool(b -> b.capacity(shared).warmInstances(1));
        poolB(b -> b.capacity(shared).warmInstances(1));
        runCallers(2 * perPool, caller -> {
            ProxyHandler<String> target = caller < perPool ? pool : poolB;
            for (int i = 0; i < 100; i++) {
                String path = "/ok/" + caller + "-" + i;
                Response r = target.handle(path, request(path), Duration.ofSeconds(30)).get(30, SECONDS);
                assertEquals(path, text(r.body()));
            }
        });
        await("both pools settle to their spare", () -> pool.statistics().live() == 1 && poolB.statistics().live() == 1
                && pool.statistics().spares() == 1 && poolB.statistics().spares() == 1
                && state.live() == 1 && stateB.live() == 1);
        assertEquals(2, shared.instances());
        assertEquals(0, pool.statistics().busy() + poolB.statistics().busy());
    }

    @Test
    void theCapacityValidatesItsLimits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoolCapacity(0, 0));
        assertEquals("maxInstances must be at least 1, was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PoolCapacity(1, -1));
        assertEquals("maxMemoryBytes must be 0 (no budget) or more, was -1", e.getMessage());
        PoolCapacity capacity = PoolCapacity.unlimited();
        e = assertThrows(IllegalArgumentException.class, () -> capacity.maxMemoryBytes(-5));
        assertEquals("maxMemoryBytes must be 0 (no budget) or more, was -5", e.getMessage());
        assertEquals(0, capacity.maxMemoryBytes());
    }
}
