package dev.wasmlet.runtime.engine;

/** The Java body of a core function the host provides to a guest. */
@FunctionalInterface
public interface HostFunctionBody {
    /**
     * Runs the function. A {@link RuntimeException} thrown here unwinds the guest; a
     * {@link CoreTrap} reaches the caller of the outermost export as it is.
     */
    long[] call(long[] args);
}
