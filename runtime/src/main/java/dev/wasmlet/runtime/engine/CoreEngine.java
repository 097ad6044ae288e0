package dev.wasmlet.runtime.engine;

import java.util.function.LongSupplier;

/**
 * A core WebAssembly engine: the one seam between Wasmlet and the code that runs guests. Nothing
 * above this interface names an engine.
 */
public interface CoreEngine extends AutoCloseable {
    /** The default cap on one linear memory: 256 MiB. */
    long DEFAULT_MAX_MEMORY_BYTES = 256L << 20;

    /** The engine's configuration name ({@code endive}, {@code wasmtime}). */
    String name();

    /**
     * Compiles (or loads from the cache) a core module.
     *
     * @throws CoreCompileException when the bytes are malformed or invalid
     */
    CoreModule compile(byte[] moduleBytes);

    /**
     * A store for the core instances of one component instance.
     *
     * @param interruptDeadline the {@link System#nanoTime()} at which the thread running the
     *     store's guest code will be interrupted, or {@link Long#MAX_VALUE}; read when guest code
     *     is entered. An engine that observes {@link Thread#interrupt()} while guest code runs
     *     needs no more; one that cannot (Wasmtime) stops guest code at that time instead.
     */
    CoreStore newStore(LongSupplier interruptDeadline);

    /** A function the host implements, to be passed to {@link CoreModule#instantiate}. */
    CoreFunction hostFunction(CoreFuncType type, HostFunctionBody body);

    @Override
    void close();
}
