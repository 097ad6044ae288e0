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

/** (b) One more instance of a loaded, linked fixture: {@code HttpComponent.instantiate(WasiContext)}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InstantiateBenchmark {
    @Param({"c-freestanding", "c-libc", "rust", "js-0.2.10"})
    public String fixture;

    @Param({Fixtures.ENDIVE, Fixtures.WASMTIME})
    public String engine;

    private ComponentRuntime runtime;
    private HttpComponent component;

    @Setup
    public void load() {
        runtime = Fixtures.runtime(engine, Fixtures.sharedCache());
        component = HttpComponent.load(runtime, Fixtures.fixture(fixture), HttpSettings.defaults());
    }

    @TearDown
    public void close() {
        runtime.close();
    }

    /** Instantiates and closes (which frees Wasmtime's native store; nothing for Endive). */
    @Benchmark
    public HttpInstance instantiate() {
        HttpInstance instance = component.instantiate(WasiContext.defaults());
        instance.close();
        return instance;
    }
}
