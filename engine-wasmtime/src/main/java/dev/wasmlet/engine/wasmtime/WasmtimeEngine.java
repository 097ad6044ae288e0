package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreCompileException;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native Wasmtime 7 through wasmtime-java 0.19 (JNI): guests are compiled to machine code by
 * Cranelift. Compiled code is kept in Wasmtime's own cache when a cache directory is given.
 *
 * <p>Guest code is stopped by epoch interruption: one thread per engine advances the epoch
 * every {@value #TICK_MILLIS} ms, and each store sets its deadline, in ticks, from its interrupt
 * deadline whenever guest code is entered or a host function returns to it. wasmtime-java has no
 * epoch callback, so a deadline can only end the guest (a trap), and a store's deadline can be
 * set only by the thread running it: an interrupt that was not announced is seen at the guest's
 * next call to the host, not in a loop that never calls out.
 */
public final class WasmtimeEngine implements CoreEngine {
    private static final Logger LOG = LoggerFactory.getLogger(WasmtimeEngine.class);
    static final long TICK_MILLIS = 5;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** The deadline of a store with none: 2^40 ticks (about 170 years), far from overflowing Wasmtime's epoch sums. */
    private static final long NEVER_TICKS = 1L << 40;
    /** The most of a linear memory a direct buffer can view: 2 GiB less a page. */
    private static final long MAX_VIEWABLE_BYTES = (1L << 31) - CoreMemory.PAGE_SIZE;
    /** The version of Wasmtime inside wasmtime-java 0.19.0, which names its cache directory. */
    static final String WASMTIME_VERSION = "7.0.0";

    private final Engine engine;
    /** A second handle on the same engine: wasmtime-java locks a handle while it compiles with it. */
    private final Engine storeEngine;
    private final Engine tickEngine;
    private final Thread ticker;
    private final long maxMemoryPages;
    private final Path cacheDirectory;
    private final Queue<WasmtimeModule> modules = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * @param cacheDirectory where Wasmtime's cache keeps compiled modules across restarts (in
     *     {@code wasmtime-7.0.0/} there), or empty for none
     * @param maxMemoryBytes the most one linear memory may grow to (at most 2 GiB less a page here)
     * @throws IllegalStateException when the native library does not load on this platform
     */
    public WasmtimeEngine(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        if (maxMemoryBytes < CoreMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("maxMemoryBytes must be at least one page (64KiB), was " + maxMemoryBytes);
        }
        this.maxMemoryPages = Math.min(maxMemoryBytes, MAX_VIEWABLE_BYTES) / CoreMemory.PAGE_SIZE;
        this.cacheDirectory = cacheDirectory.map(dir -> dir.resolve("wasmtime-" + WASMTIME_VERSION)).orElse(null);
        Config config = NativeLibrary.config().epochInterruption(true);
        try {
            if (this.cacheDirectory != null) {
                config.cacheConfigLoad(cacheConfig(this.cacheDirectory));
            }
            this.engine = new Engine(config);
        } finally {
            config.dispose();
        }
        this.storeEngine = anotherHandle(engine);
        this.tickEngine = anotherHandle(engine);
        this.ticker = new Thread(this::tick, "wasmlet-wasmtime-epoch");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Writes Wasmtime's cache configuration, which only a file can carry, next to the cache directory. */
    private static Path cacheConfig(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolveSibling(directory.getFileName() + ".toml");
            String path = directory.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
            Files.writeString(file, "[cache]\nenabled = true\ndirectory = \"" + path + "\"\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up Wasmtime's cache in " + directory, e);
        }
    }

    private static Engine anotherHandle(Engine engine) {
        Store<Void> store = new Store<>(null, engine);
        try {
            return store.engine();
        } finally {
            store.dispose();
        }
    }

    private void tick() {
        long next = System.nanoTime();
        while (!closed) {
            next += TICK_NANOS;
            for (long wait = next - System.nanoTime(); wait > 0 && !closed; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            tickEngine.incrementEpoch();
        }
    }

    /**
     * The epoch deadline, in ticks from now, that ends guest code no earlier than {@code deadline}
     * ({@link System#nanoTime()}, {@link Long#MAX_VALUE} for none) and at most a tick after.
     */
    long ticksUntil(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return NEVER_TICKS;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return 0;
        }
        return Math.min(NEVER_TICKS, (remaining + TICK_NANOS - 1) / TICK_NANOS + 1);
    }

    long maxMemoryPages() {
        return maxMemoryPages;
    }

    Engine storeEngine() {
        return storeEngine;
    }

    @Override
    public String name() {
        return "wasmtime";
    }

    @Override
    public CoreModule compile(byte[] moduleBytes) {
        checkOpen();
        long start = System.nanoTime();
        ModuleBinary binary = ModuleBinary.read(moduleBytes);
        Module compiled = compileNative(binary.rewrite(null, Map.of(), maxMemoryPages));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (moduleBytes.length >= 1 << 20 || millis > 1000) {
            LOG.info("compiled core module of {} KiB with Wasmtime in {} ms{}", moduleBytes.length >> 10, millis,
                    cacheDirectory == null ? "" : " (compiled or loaded from Wasmtime's cache in " + cacheDirectory + ")");
        }
        WasmtimeModule module = new WasmtimeModule(this, binary, compiled);
        modules.add(module);
        return module;
    }

    /**
     * Compiles with Wasmtime, which validates too.
     *
     * @throws CoreCompileException when Wasmtime refuses the module
     */
    Module compileNative(byte[] bytes) {
        try {
            return new Module(engine, bytes);
        } catch (WasmtimeException e) {
            throw new CoreCompileException("core module does not compile: " + e.getMessage(), e);
        }
    }

    @Override
    public CoreStore newStore(LongSupplier interruptDeadline) {
        checkOpen();
        return new WasmtimeStore(this, new Store<>(null, storeEngine), interruptDeadline);
    }

    @Override
    public CoreFunction hostFunction(CoreFuncType type, HostFunctionBody body) {
        Values.funcType(type);
        return new WasmtimeHostFunction(type, body);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Wasmtime engine is closed");
        }
    }

    /** Stops the epoch thread and frees the compiled modules; stores still open keep what they use. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(ticker);
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WasmtimeModule m = modules.poll(); m != null; m = modules.poll()) {
            m.dispose();
        }
        tickEngine.dispose();
        storeEngine.dispose();
        engine.dispose();
    }
}
