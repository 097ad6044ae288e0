package dev.wasmlet.bench;

import dev.wasmlet.runtime.Component;
import dev.wasmlet.runtime.ComponentRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * (a) Load and compile time of a fixture: {@code cold} with no disk cache, {@code cached} from a
 * disk cache filled before the trial. A new runtime per shot, so no in-memory cache helps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class LoadBenchmark {
    @Param({"c-freestanding", "c-libc", "rust", "js-0.2.10"})
    public String fixture;

    @Param({Fixtures.ENDIVE, Fixtures.WASMTIME})
    public String engine;

    @Param({"cold", "cached"})
    public String cache;

    private Path path;
    private Path cacheDir;
    private ComponentRuntime runtime;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        path = Fixtures.fixture(fixture);
        if (cache.equals("cached")) {
            cacheDir = Files.createTempDirectory("wasmlet-bench-cache");
            try (ComponentRuntime r = Fixtures.runtime(engine, Optional.of(cacheDir))) {
                r.load(path);
            }
        }
    }

    @Setup(Level.Invocation)
    public void newRuntime() {
        runtime = Fixtures.runtime(engine, Optional.ofNullable(cacheDir));
    }

    @TearDown(Level.Invocation)
    public void closeRuntime() {
        runtime.close();
    }

    @TearDown(Level.Trial)
    public void removeCache() throws IOException {
        if (cacheDir != null) {
            try (Stream<Path> files = Files.walk(cacheDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public Component load() {
        return runtime.load(path);
    }
}
