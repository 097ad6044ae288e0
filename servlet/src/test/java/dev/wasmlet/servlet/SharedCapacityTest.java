package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.PoolCapacity;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.servlet.internal.PoolDefinitions;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code maxInstancesTotal} and {@code maxMemoryTotal}: one capacity for every pool of a web application. */
@Timeout(60)
class SharedCapacityTest {
    private static final Path FIXTURE = Path.of("..", "guests", "fixtures", "c-freestanding.wasm").toAbsolutePath();

    /** The pools a web application whose {@code wasmlet.config} is {@code json} defines. */
    private static List<PoolDefinitions.Definition> read(String json) throws Exception {
        Path file = Files.createTempFile("wasmlet", ".json");
        try {
            Files.writeString(file, json);
            Map<String, String> params = Map.of(PoolDefinitions.CONFIG_PARAM, "file:" + file);
            ServletContext ctx = (ServletContext) Proxy.newProxyInstance(SharedCapacityTest.class.getClassLoader(),
                    new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getInitParameter" -> params.get((String) args[0]);
                        case "getInitParameterNames" -> Collections.enumeration(params.keySet());
                        case "getServletRegistrations" -> Map.of();
                        default -> null;
                    });
            return PoolDefinitions.read(ctx, WasmProxyServlet.class);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void everyPoolOfTheApplicationSharesOneCapacityMadeOfTheTotals() throws Exception {
        List<PoolDefinitions.Definition> pools = read("{\"component\": \"classpath:fake.wasm\","
                + " \"maxInstancesTotal\": 3, \"maxMemoryTotal\": \"64MiB\","
                + " \"pools\": {\"a\": {}, \"b\": {\"maxInstances\": 2}, \"c\": {}}}");
        PoolCapacity shared = pools.get(0).settings().capacity().orElseThrow();
        assertEquals(3, shared.maxInstances());
        assertEquals(64L << 20, shared.maxMemoryBytes());
        for (PoolDefinitions.Definition d : pools) {
            assertSame(shared, d.settings().capacity().orElseThrow(), d.name());
        }
        assertTrue(read("{\"component\": \"classpath:fake.wasm\", \"pools\": {\"a\": {}}}").get(0).settings()
                .capacity().isEmpty(), "no totals, no shared capacity");
    }

    @Test
    void aTotalSetForOnePoolIsAnError() {
        SettingsException e = assertThrows(SettingsException.class, () -> read("{\"component\": \"classpath:fake.wasm\","
                + " \"pools\": {\"a\": {\"maxMemoryTotal\": \"1GiB\"}}}"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("maxMemoryTotal: is for every pool of the application together, not"
                + " one (in file:"), e.getMessage());
        assertTrue(e.problems().get(0).endsWith(" pool \"a\"); set it as a context-param, or at the top of the JSON"
                + " file"), e.getMessage());
        List<String> problems = new ArrayList<>();
        PoolDefinitions.checkInitParams("wasm", List.of("maxInstancesTotal"), problems);
        assertEquals(List.of("maxInstancesTotal: is for every pool of the application together, not one (in"
                + " init-param of servlet \"wasm\"); set it as a context-param, or at the top of the JSON file"),
                problems);
    }

    @Test
    void aCapacityGivenToTheBuilderMustHaveTheTotals() {
        PoolCapacity other = new PoolCapacity(5, 0);
        SettingsException e = assertThrows(SettingsException.class, () -> WasmletSettings.builder()
                .set("component", "classpath:fake.wasm").set("maxInstancesTotal", "4").capacity(other).build());
        assertEquals("maxInstancesTotal and maxMemoryTotal: 4 and 0 bytes differ from the capacity shared with the"
                + " other pools; set them once, for the whole application", e.getMessage());
    }

    @Test
    void poolsMadeByTheFactoryEndEachOthersIdleInstances() throws Exception {
        List<PoolDefinitions.Definition> pools = read("{\"component\": \"file:" + FIXTURE + "\","
                + " \"cacheDirectory\": \"" + System.getProperty("wasmlet.test.cacheDirectory", "") + "\","
                + " \"maxInstancesTotal\": 1, \"warmInstances\": 0, \"maxInstanceReuseCount\": 128,"
                + " \"idleInstanceTimeout\": \"0\", \"pools\": {\"a\": {}, \"b\": {}}}");
        ComponentProxyHandlerFactory factory = new ComponentProxyHandlerFactory();
        List<ProxyHandler<RequestContext>> handlers = new ArrayList<>();
        try {
            for (PoolDefinitions.Definition d : pools) {
                handlers.add(factory.create(d.settings(), line -> { }, line -> { }));
            }
            ProxyHandler<RequestContext> a = handlers.get(0);
            ProxyHandler<RequestContext> b = handlers.get(1);
            assertEquals(200, hello(a).status());
            awaitIdle(a);
            assertEquals(200, hello(b).status());
            assertEquals(1, a.statistics().reclaims(), "pool a's idle instance made room for pool b's request");
            assertEquals(0, b.statistics().poolLimitErrors());
            assertEquals(1, pools.get(0).settings().capacity().orElseThrow().instances());
        } finally {
            for (ProxyHandler<RequestContext> h : handlers) {
                h.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Response hello(ProxyHandler<RequestContext> pool) throws Exception {
        Request get = new Request("GET", "http", "localhost", "/", Headers.EMPTY, Body.empty());
        return pool.handle(new RequestContext("test", "pool", "127.0.0.1"), get).get(30, TimeUnit.SECONDS);
    }

    private static void awaitIdle(ProxyHandler<RequestContext> pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.statistics().idle() < 1) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no idle instance: " + pool.statistics());
            }
            Thread.sleep(2);
        }
    }
}
