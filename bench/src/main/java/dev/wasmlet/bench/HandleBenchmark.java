package dev.wasmlet.bench;

import dev.wasmlet.handler.http.HttpComponent;
import dev.wasmlet.handler.http.HttpInstance;
import dev.wasmlet.handler.http.HttpSettings;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.wasi.WasiContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (d) {@code GET /} through {@code HttpInstance.handle} with no HTTP and no pool, the response
 * body read to its end: {@code reused} sends every request to one instance, {@code fresh}
 * instantiates a new instance for each request (instantiation included in the time).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HandleBenchmark {
    @Param({"c-freestanding", "c-libc", "rust", "js-0.2.10"})
    public String fixture;

    @Param({Fixtures.ENDIVE, Fixtures.WASMTIME})
    public String engine;

    private ComponentRuntime runtime;
    private HttpComponent component;
    private HttpInstance instance;

    @Setup
    public void load() {
        runtime = Fixtures.runtime(engine, Fixtures.sharedCache());
        component = HttpComponent.load(runtime, Fixtures.fixture(fixture), HttpSettings.defaults());
        instance = component.instantiate(WasiContext.defaults());
    }

    @TearDown
    public void close() {
        instance.close();
        runtime.close();
    }

    private static int handle(HttpInstance target) throws Exception {
        return Fixtures.handle(target, Fixtures.get("/"), "Hello, WASI!".length());
    }

    @Benchmark
    public int reused() throws Exception {
        return handle(instance);
    }

    @Benchmark
    public int fresh() throws Exception {
        HttpInstance fresh = component.instantiate(WasiContext.defaults());
        try {
            return handle(fresh);
        } finally {
            fresh.close();
        }
    }
}
