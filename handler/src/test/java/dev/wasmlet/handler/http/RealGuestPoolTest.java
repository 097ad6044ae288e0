package dev.wasmlet.handler.http;

import static dev.wasmlet.handler.http.Guests.get;
import static dev.wasmlet.handler.http.Guests.text;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmlet.handler.ComponentHandlerState;
import dev.wasmlet.handler.ExpirationError;
import dev.wasmlet.handler.GuestResponseError;
import dev.wasmlet.handler.InstantiationError;
import dev.wasmlet.handler.PoolCapacity;
import dev.wasmlet.handler.PoolLimitError;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.handler.TrapError;
import dev.wasmlet.handler.WorkerPolicy;
import dev.wasmlet.runtime.wasi.WasiContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker pool over real guests: CONFORMANCE.md's worker-model rows that need no HTTP. */
@Timeout(120)
class RealGuestPoolTest {
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    /** The component and request id in the MDC when each stdout line was emitted. */
    private final List<String> stdoutMdc = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final WorkerPolicy policy = new WorkerPolicy();
    /** The latest pool made. */
    private ProxyHandler<Object> pool;
    private final List<ProxyHandler<Object>> pools = new ArrayList<>();

    private ProxyHandler<Object> pool(String fixture, Consumer<ProxyHandler.Builder<Object>> options) {
        return pool(fixture, options, List.of());
    }

    private ProxyHandler<Object> pool(String fixture, Consumer<ProxyHandler.Builder<Object>> options,
                                      List<Map.Entry<String, String>> env) {
        HttpComponent component = Guests.component(fixture);
        var state = new ComponentHandlerState<Object>(fixture, component::instantiate, env, policy, true,
                line -> {
                    stdout.add(line);
                    stdoutMdc.add(MDC.get(ComponentHandlerState.MDC_COMPONENT) + " "
                            + MDC.get(ComponentHandlerState.MDC_REQUEST_ID));
                }, stderr::add, String::valueOf);
        var builder = ProxyHandler.builder(state);
        options.accept(builder);
        pool = builder.build();
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void shutdown() {
        for (ProxyHandler<Object> p : pools) {
            p.shutdown(Duration.ofSeconds(10)).join();
        }
    }

    private static Response await(CompletableFuture<Response> f) throws Exception {
        return f.get(60, SECONDS);
    }

    private static Throwable failure(CompletableFuture<Response> f) throws Exception {
        try {
            f.get(60, SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the request succeeded");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 128})
    void twentyCallersTimesFiveRequestsAllSayHello(long reuse) throws Exception {
        policy.maxInstanceReuseCount(reuse);
        pool("c-freestanding.wasm", b -> b.warmInstances(2));
        List<CompletableFuture<Response>> all = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            // Each caller waits for its answer before asking again: at most 20 requests are in flight,
            // so with reuse the pool needs at most 20 workers, however long an instantiation takes.
            Thread t = new Thread(() -> {
                for (int r = 0; r < 5; r++) {
                    CompletableFuture<Response> f = pool.handle(null, get("/"));
                    synchronized (all) {
                        all.add(f);
                    }
                    f.exceptionally(e -> null).join();
                }
            });
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) {
            t.join();
        }
        for (CompletableFuture<Response> f : all) {
            Response r = await(f);
            assertEquals(200, r.status());
            assertEquals("Hello, WASI!", text(r));
        }
        assertEquals(100, all.size());
        var stats = pool.statistics();
        if (reuse == 1) {
            assertTrue(stats.instantiations() >= 100, "a fresh instance per request: " + stats);
        } else {
            assertTrue(stats.instantiations() < 100, "instances were reused: " + stats);
        }
    }

    @Test
    void trapAndReturnBeforeSetFailTheRequestOnlyAndTheNextIsServed() throws Exception {
        pool("c-freestanding.wasm", b -> { });
        assertInstanceOf(TrapError.class, failure(pool.handle(null, get("/trap"))));
        Throwable never = failure(pool.handle(null, get("/noset")));
        assertInstanceOf(GuestResponseError.class, never);
        assertEquals("guest never invoked `response-outparam::set` method", never.getMessage());
        assertEquals("Hello, WASI!", text(await(pool.handle(null, get("/")))));
    }

    @Test
    void aTrappedInstanceIsNeverReused() throws Exception {
        policy.maxInstanceReuseCount(128);
        pool("rust.wasm", b -> { });
        String before = text(await(pool.handle(null, get("/instance-id"))));
        awaitIdle();
        assertEquals(1, pool.statistics().live(), "one instance, which the trap will go to");
        assertInstanceOf(TrapError.class, failure(pool.handle(null, get("/trap"))));
        String after = text(await(pool.handle(null, get("/instance-id"))));
        assertTrue(!before.equals(after), "instance " + before + " trapped and must not serve again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/busy", "/sleep?ms=60000"})
    void aDeadlineHoldsOnBusyAndSleepingGuests(String path) throws Exception {
        policy.requestTimeout(Duration.ofMillis(300));
        pool("c-freestanding.wasm", b -> { });
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                ComponentHandlerState.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        long start = System.nanoTime();
        try {
            Throwable e = failure(pool.handle("request-7", get(path)));
            assertInstanceOf(ExpirationError.class, e);
            assertEquals("guest timed out", e.getMessage());
            assertTrue(System.nanoTime() - start < SECONDS.toNanos(20), "the guest was interrupted, not waited for");
            // The stopped worker logs on its way out, then goes.
            while (pool.statistics().live() > 0 && System.nanoTime() - start < SECONDS.toNanos(20)) {
                Thread.sleep(2);
            }
        } finally {
            log.detachAppender(lines);
        }
        // The caller is answered from the timer thread; the guest's own thread names the instance.
        ILoggingEvent stopped = lines.list.stream().filter(l -> l.getLevel() == Level.WARN).findFirst()
                .orElseThrow(() -> new AssertionError("no WARN line for the stopped guest: " + lines.list));
        assertEquals("request-7", stopped.getMDCPropertyMap().get(ComponentHandlerState.MDC_REQUEST_ID));
        assertEquals("c-freestanding.wasm", stopped.getMDCPropertyMap().get(ComponentHandlerState.MDC_COMPONENT));
        assertTrue(stopped.getMDCPropertyMap().get(ComponentHandlerState.MDC_INSTANCE_ID).matches("\\d+"),
                stopped.getMDCPropertyMap().toString());
        policy.requestTimeout(Duration.ZERO);
        assertEquals("Hello, WASI!", text(await(pool.handle(null, get("/")))));
        var stats = pool.statistics();
        assertEquals(1, stats.requestExpirations());
    }

    @Test
    void twentyTimesFiveSleepersWithATinyTimeoutAllTimeOutAndThePoolStaysUp() throws Exception {
        policy.requestTimeout(Duration.ofNanos(100_000));
        pool("c-freestanding.wasm", b -> b.maxInstances(64));
        List<CompletableFuture<Response>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(pool.handle(null, get("/sleep?ms=1000")).exceptionally(t -> null));
        }
        for (CompletableFuture<Response> f : all) {
            f.get(60, SECONDS);
        }
        for (CompletableFuture<Response> f : all) {
            assertTrue(f.isDone());
        }
        policy.requestTimeout(Duration.ZERO);
        assertEquals("Hello, WASI!", text(await(pool.handle(null, get("/")))));
    }

    /** The limit is {@code maxInstances} 1, or a memory budget the size of one instance. */
    @ParameterizedTest
    @ValueSource(strings = {"maxInstances", "memoryBudget"})
    void atCapacityTheRequestComesBackUntouchedAndARetrySucceedsOnceAWorkerGoes(String limit) throws Exception {
        boolean budget = limit.equals("memoryBudget");
        long oneInstance = Guests.component("c-freestanding.wasm").instantiate(WasiContext.defaults()).memoryBytes();
        assertTrue(oneInstance > 0, "an instance has linear memory");
        PoolCapacity capacity = new PoolCapacity(64, budget ? oneInstance : 0);
        pool("c-freestanding.wasm", b -> b.capacity(capacity).maxInstances(budget ? 64 : 1));
        CompletableFuture<Response> sleeping = pool.handle(null, get("/sleep?ms=500"));
        Request second = get("/");
        Object data = new Object();
        // Wait until the sleeper holds the only instance, charged the memory it was made with.
        while (capacity.memoryBytes() < oneInstance) {
            Thread.sleep(5);
        }
        assertEquals(oneInstance, pool.statistics().memoryBytes());
        CompletableFuture<Response> refused = pool.handle(data, second);
        Throwable e = failure(refused);
        InstantiationError ie = assertInstanceOf(InstantiationError.class, e);
        PoolLimitError cause = assertInstanceOf(PoolLimitError.class, ie.getCause());
        String named = budget ? "memory budget of " + oneInstance + " bytes" : "limit of 1 instances";
        assertTrue(cause.getMessage().contains(named), cause.getMessage());
        assertSame(second, ie.request());
        assertSame(data, ie.data());
        assertEquals("slept", text(await(sleeping)));
        assertEquals("Hello, WASI!", text(await(pool.handle(null, ie.request(), Duration.ofSeconds(30)))));
    }

    @Test
    void poolsSharingCapacityEndEachOthersIdleInstances() throws Exception {
        policy.maxInstanceReuseCount(128).idleInstanceTimeout(Duration.ZERO);
        PoolCapacity shared = new PoolCapacity(1, 0);
        ProxyHandler<Object> c = pool("c-freestanding.wasm", b -> b.capacity(shared));
        ProxyHandler<Object> rust = pool("rust.wasm", b -> b.capacity(shared));
        assertEquals("Hello, WASI!", text(await(c.handle(null, get("/")))));
        awaitIdle(c);
        assertEquals("Hello, WASI!", text(await(rust.handle(null, get("/")))));
        assertEquals(1, c.statistics().reclaims(), "the C pool's idle instance made room");
        awaitIdle(rust);
        assertEquals("Hello, WASI!", text(await(c.handle(null, get("/")))));
        assertEquals(1, rust.statistics().reclaims(), "and then the Rust pool's");
        assertEquals(1, shared.instances());
        assertEquals(0, c.statistics().poolLimitErrors() + rust.statistics().poolLimitErrors());
    }

    @Test
    void aRetryWaitsForAWorkerToGo() throws Exception {
        pool("c-freestanding.wasm", b -> b.maxInstances(1));
        CompletableFuture<Response> sleeping = pool.handle(null, get("/sleep?ms=300"));
        while (pool.statistics().live() < 1) {
            Thread.sleep(5);
        }
        Response r = await(pool.handle(null, get("/"), Duration.ofSeconds(30)));
        assertEquals("Hello, WASI!", text(r));
        assertEquals("slept", text(await(sleeping)));
    }

    @Test
    void guestOutputIsTaggedPerInstanceAndTheGuestSeesItsId() throws Exception {
        pool("c-freestanding.wasm", b -> { }, List.of(Map.entry("FOO", "bar")));
        assertEquals("printed", text(await(pool.handle("request-7", get("/print")))));
        String id = text(await(pool.handle(null, get("/instance-id"))));
        assertEquals("env: bar", text(await(pool.handle(null, get("/env", "env", "FOO")))));
        Response unset = await(pool.handle(null, get("/env", "env", "UNSET")));
        assertEquals(404, unset.status());
        assertEquals("env: unset", text(unset));
        assertEquals(List.of("stdout [0] :: line one", "stdout [0] :: ", "stdout [0] :: line three"), stdout);
        assertEquals(List.of("stderr [0] :: error line"), stderr);
        assertEquals(List.of("c-freestanding.wasm request-7", "c-freestanding.wasm request-7",
                "c-freestanding.wasm request-7"), stdoutMdc);
        assertEquals("1", id);
    }

    @Test
    void aPolicyChangedWhileRunningTakesEffectOnLiveWorkers() throws Exception {
        policy.maxInstanceReuseCount(128);
        pool("rust.wasm", b -> { });
        String first = text(await(pool.handle(null, get("/instance-id"))));
        // The body can end before the guest's export returns: reuse needs the worker idle again.
        awaitIdle();
        assertEquals(first, text(await(pool.handle(null, get("/instance-id")))));
        awaitIdle();
        policy.maxInstanceReuseCount(1);
        pool.policiesChanged();
        String next = text(await(pool.handle(null, get("/instance-id"))));
        assertTrue(!first.equals(next), "the live worker was retired by the lowered reuse count");
    }

    private void awaitIdle() throws InterruptedException {
        awaitIdle(pool);
    }

    private static void awaitIdle(ProxyHandler<Object> handler) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (handler.statistics().idle() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    @Test
    void aMemoryHogTrapsAndTheServerStaysUp() throws Exception {
        pool("c-freestanding.wasm", b -> { });
        assertInstanceOf(TrapError.class, failure(pool.handle(null, get("/hog"))));
        assertEquals("Hello, WASI!", text(await(pool.handle(null, get("/")))));
    }

    @Test
    void theJavaScriptGuestAnswersThroughThePool() throws Exception {
        pool("js-0.2.10.wasm", b -> b.warmInstances(1));
        assertEquals("Hello, WASI!", text(await(pool.handle(null, get("/")))));
        assertEquals(418, await(pool.handle(null, get("/status/418"))).status());
        assertInstanceOf(TrapError.class, failure(pool.handle(null, get("/trap"))));
        assertEquals("Hello, WASI!", text(await(pool.handle(null, get("/hello")))));
    }
}
