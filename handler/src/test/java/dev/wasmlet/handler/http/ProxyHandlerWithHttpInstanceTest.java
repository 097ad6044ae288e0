package dev.wasmlet.handler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.ExpirationError;
import dev.wasmlet.handler.GuestInstance;
import dev.wasmlet.handler.GuestResponseError;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.handler.TrapError;
import dev.wasmlet.handler.WorkerInstance;
import dev.wasmlet.handler.WorkerPolicy;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.wasi.WasiContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link HttpInstance} as the {@link GuestInstance} of {@link ProxyHandler}'s workers, on rust.wasm. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyHandlerWithHttpInstanceTest {
    private ComponentRuntime runtime;
    private HttpComponent component;

    @BeforeAll
    void load() {
        Path file = FixtureRoutes.FIXTURES.resolve("rust.wasm");
        if (!Files.isRegularFile(file)) {
            fail("fixture " + file.toAbsolutePath().normalize() + " is missing: build it with guests/build.sh");
        }
        runtime = Guests.runtime(Optional.of(FixtureRoutes.CACHE));
        component = HttpComponent.load(runtime, file, HttpSettings.defaults());
    }

    @AfterAll
    void close() {
        runtime.close();
    }

    private ProxyHandler<Void> pool(WorkerPolicy policy, AtomicInteger instances) {
        // what ComponentHandlerState takes to make instances
        Function<WasiContext, GuestInstance> instantiate = component::instantiate;
        return ProxyHandler.<Void>builder(() -> {
            int id = instances.getAndIncrement();
            GuestInstance instance = instantiate.apply(WasiContext.builder().env("INSTANCE_ID", Integer.toString(id))
                    .build());
            WorkerPolicy.Worker<Void> worker = policy.forWorker(instance::memoryBytes, (store, failure) -> { });
            return new WorkerInstance<>(instance.store(), instance, worker, worker);
        }).name("http-test").build();
    }

    private static Request get(String path) {
        return new Request("GET", "http", "localhost", path, Headers.EMPTY, Body.empty());
    }

    private static String text(Response r) throws Exception {
        return new String(Bodies.Collector.of(r.body()).await(), StandardCharsets.UTF_8);
    }

    @Test
    void servesAndReportsEachKindOfFailure() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        try (ProxyHandler<Void> pool = pool(new WorkerPolicy().requestTimeout(Duration.ofMillis(300)), instances)) {
            Response hello = pool.handle(null, get("/hello")).get(30, TimeUnit.SECONDS);
            assertEquals(200, hello.status());
            assertEquals("Hello, WASI!", text(hello));

            ExecutionException noset = assertThrows(ExecutionException.class,
                    () -> pool.handle(null, get("/noset")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(GuestResponseError.class, noset.getCause());
            assertEquals(GuestResponseError.NEVER_SET, noset.getCause().getMessage());

            ExecutionException trap = assertThrows(ExecutionException.class,
                    () -> pool.handle(null, get("/trap")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TrapError.class, trap.getCause());

            ExecutionException busy = assertThrows(ExecutionException.class,
                    () -> pool.handle(null, get("/busy")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(ExpirationError.class, busy.getCause());

            Response after = pool.handle(null, get("/")).get(30, TimeUnit.SECONDS);
            assertEquals("Hello, WASI!", text(after));
        }
    }

    @Test
    void aReusedInstanceServesOneRequestAfterAnother() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(10).idleInstanceTimeout(Duration.ofSeconds(30));
        try (ProxyHandler<Void> pool = pool(policy, instances)) {
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (int i = 0; i < 5; i++) {
                Response r = pool.handle(null, get("/stream?n=5000&chunk=100")).get(30, TimeUnit.SECONDS);
                assertEquals(5000, Bodies.Collector.of(r.body()).await().length);
                Thread.sleep(20); // the worker returns from the guest after the body's end
                Response id = pool.handle(null, get("/instance-id")).get(30, TimeUnit.SECONDS);
                ids.add(Integer.parseInt(text(id)));
                Thread.sleep(20);
            }
            // instances are reused: far fewer than the 10 requests (a request that comes while a
            // worker is still returning from its guest may start one more)
            assertTrue(instances.get() <= 3, "instances for 10 requests: " + instances.get());
            assertTrue(ids.size() < 5, "instance ids " + ids);
        }
    }
}
