package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreCompileException;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.MemoryLimits;

/**
 * The default engine: Endive, the Bytecode Alliance's pure-Java WebAssembly runtime, with its
 * compiler to JVM bytecode. Compiled classes are kept on disk when a cache directory is given.
 */
public final class EndiveEngine implements CoreEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EndiveEngine.class);

    /** The highest standard section id (13, tag) of the core binary format. */
    private static final int MAX_SECTION_ID = 13;

    private final DiskCache diskCache;
    private final int maxMemoryPages;

    /** An engine with the default cap on linear memory ({@link CoreEngine#DEFAULT_MAX_MEMORY_BYTES}). */
    public EndiveEngine(Optional<Path> cacheDirectory) {
        this(cacheDirectory, DEFAULT_MAX_MEMORY_BYTES);
    }

    /**
     * @param cacheDirectory where compiled modules are kept across restarts, or empty for none
     * @param maxMemoryBytes the most one linear memory may grow to; {@code memory.grow} past it
     *     fails (returns -1) as the core spec allows, so a guest cannot exhaust the JVM's heap
     */
    public EndiveEngine(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        if (maxMemoryBytes < CoreMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("maxMemoryBytes must be at least one page (64KiB), was " + maxMemoryBytes);
        }
        this.diskCache = cacheDirectory.map(dir -> new DiskCache(dir.resolve("endive-1.0.0"))).orElse(null);
        this.maxMemoryPages = (int) Math.min(MemoryLimits.MAX_PAGES, maxMemoryBytes / CoreMemory.PAGE_SIZE);
    }

    @Override
    public String name() {
        return "endive";
    }

    @Override
    public CoreModule compile(byte[] moduleBytes) {
        long start = System.nanoTime();
        // With the compiled classes on disk, decode only the function bodies that run interpreted.
        WasmModule module = diskCache == null ? null : CachedModuleParser.parseIfCached(moduleBytes, diskCache);
        boolean cached = module != null;
        if (module == null) {
            module = parse(moduleBytes);
            cached = diskCache != null && diskCache.contains(module.digest());
        }
        long parsed = System.nanoTime();
        var compiler = MachineFactoryCompiler.builder(module);
        if (diskCache != null) {
            compiler.withCache(diskCache);
        }
        java.util.function.Function<run.endive.runtime.Instance, run.endive.runtime.Machine> factory;
        try {
            factory = compiler.compile();
        } catch (RuntimeException | AssertionError e) {
            throw new CoreCompileException("core module does not compile: " + message(e), e);
        }
        long done = System.nanoTime();
        if (moduleBytes.length >= 1 << 20 || (done - start) > 1_000_000_000L) {
            LOG.info("compiled core module of {} KiB in {} ms (parse {} ms, {} {} ms){}",
                    moduleBytes.length >> 10, (done - start) / 1_000_000, (parsed - start) / 1_000_000,
                    cached ? "loaded from cache in" : "compile", (done - parsed) / 1_000_000,
                    diskCache == null ? "" : cached ? "" : "; cached in " + diskCache.directory());
        }
        try {
            return new EndiveModule(module, factory, maxMemoryPages);
        } catch (RuntimeException e) {
            throw new CoreCompileException("core module is invalid: " + message(e), e);
        }
    }

    /**
     * Parses with every section; when that fails, parses again without the custom sections, which
     * must never make a module unusable (real adapters ship a malformed {@code name} section).
     */
    private static WasmModule parse(byte[] moduleBytes) {
        try {
            return Parser.builder().withValidation(true).build().parse(() -> new java.io.ByteArrayInputStream(moduleBytes));
        } catch (RuntimeException | AssertionError withCustomSections) {
            var withoutCustomSections = Parser.builder().withValidation(true);
            for (int id = 1; id <= MAX_SECTION_ID; id++) {
                withoutCustomSections.includeSectionId(id);
            }
            try {
                return withoutCustomSections.build().parse(() -> new java.io.ByteArrayInputStream(moduleBytes));
            } catch (RuntimeException | AssertionError e) {
                throw new CoreCompileException("core module does not parse or validate: " + message(e), e);
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Endive's instances need no store, and it sees {@link Thread#interrupt()} in guest code: no deadline to read. */
    @Override
    public CoreStore newStore(LongSupplier interruptDeadline) {
        return EndiveStore.INSTANCE;
    }

    @Override
    public CoreFunction hostFunction(CoreFuncType type, HostFunctionBody body) {
        return new EndiveHostFunction(type, body);
    }

    @Override
    public void close() {
        // Nothing native to release: compiled classes go with their class loaders.
    }
}
