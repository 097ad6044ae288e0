package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreCompileException;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.WasmModule;

/**
 * The default engine: Endive, the Bytecode Alliance's pure-Java WebAssembly runtime, with its
 * compiler to JVM bytecode. Compiled classes are kept on disk when a cache directory is given.
 */
public final class EndiveEngine implements CoreEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EndiveEngine.class);

    private final DiskCache diskCache;

    /** @param cacheDirectory where compiled modules are kept across restarts, or empty for none */
    public EndiveEngine(Optional<Path> cacheDirectory) {
        this.diskCache = cacheDirectory.map(dir -> new DiskCache(dir.resolve("endive-1.0.0"))).orElse(null);
    }

    @Override
    public String name() {
        return "endive";
    }

    @Override
    public CoreModule compile(byte[] moduleBytes) {
        long start = System.nanoTime();
        WasmModule module;
        try {
            module = Parser.parse(moduleBytes);
        } catch (WasmEngineException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CoreCompileException("core module does not parse or validate: " + e.getMessage(), e);
        }
        long parsed = System.nanoTime();
        var compiler = MachineFactoryCompiler.builder(module);
        boolean cached = diskCache != null && diskCache.contains(module.digest());
        if (diskCache != null) {
            compiler.withCache(diskCache);
        }
        var factory = compiler.compile();
        long done = System.nanoTime();
        if (moduleBytes.length >= 1 << 20 || (done - start) > 1_000_000_000L) {
            LOG.info("compiled core module of {} KiB in {} ms (parse {} ms, {} {} ms){}",
                    moduleBytes.length >> 10, (done - start) / 1_000_000, (parsed - start) / 1_000_000,
                    cached ? "loaded from cache in" : "compile", (done - parsed) / 1_000_000,
                    diskCache == null ? "" : cached ? "" : "; cached in " + diskCache.directory());
        }
        return new EndiveModule(module, factory);
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
