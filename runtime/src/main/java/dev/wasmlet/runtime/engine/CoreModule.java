package dev.wasmlet.runtime.engine;

import java.util.List;

/** A compiled core module: compiled once, instantiated many times, safe to share between threads. */
public interface CoreModule {
    List<CoreImport> imports();

    List<CoreExport> exports();

    /** The byte size of the module's linear memories' initial data, for memory budgets. */
    long initialMemoryBytes();

    /**
     * Instantiates the module in {@code store} and runs its start function.
     *
     * @param store the store of the component instance, which every import belongs to too
     * @param imports one extern for each of {@link #imports()}, in order
     * @throws CoreLinkException when an import does not fit
     * @throws CoreTrap when initialisation or the start function traps
     */
    CoreInstance instantiate(CoreStore store, List<CoreExtern> imports);
}
