package dev.wasmlet.bench;

import dev.wasmlet.runtime.Component;
import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.Linker;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
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
 * (c) One canonical-ABI call on greet.wasm (the runtime's test component): {@code add(u32,u32)}
 * (host to guest and back, integers only) and {@code greet("wörld")} (a string lowered into the
 * guest, the guest calling the host's {@code log} and {@code prefix}, a string lifted back, and
 * post-return).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CallBenchmark {
    /** The host greet.wasm imports (as in the runtime's TestHosts), minus the bookkeeping. */
    @WitInterface("wasmlet:test/host@0.1.2")
    public static final class GreetHost {
        @WitFunction("log")
        public void log(String message) {
        }

        @WitFunction("prefix")
        public String prefix() {
            return "Hello, ";
        }
    }

    @Param({Fixtures.ENDIVE, Fixtures.WASMTIME})
    public String engine;

    private ComponentRuntime runtime;
    private ComponentFunction add;
    private ComponentFunction greet;
    private int a;

    @Setup
    public void instantiate() throws IOException {
        byte[] bytes;
        try (InputStream in = CallBenchmark.class.getResourceAsStream("/greet.wasm")) {
            bytes = in.readAllBytes();
        }
        runtime = Fixtures.runtime(engine, Optional.empty());
        Component component = runtime.load(bytes, "greet.wasm");
        var instance = new Linker(runtime).define(new GreetHost()).prepare(component).instantiate(new Store(Map.of()));
        add = instance.function("add");
        greet = instance.function("greet");
        if (!"Hello, wörld".equals(greet.call("wörld")[0]) || !Integer.valueOf(5).equals(add.call(2, 3)[0])) {
            throw new IllegalStateException("greet.wasm does not answer as expected");
        }
    }

    @TearDown
    public void close() {
        runtime.close();
    }

    @Benchmark
    public Object add() {
        return add.call(a++, 3)[0];
    }

    @Benchmark
    public Object greet() {
        return greet.call("wörld")[0];
    }
}
