package dev.wasmlet.runtime.engine;

/**
 * A callable core function: exported by an instance, or implemented by the host.
 *
 * <p>{@link #call} throws {@link CoreTrap} when the guest traps and {@link CoreInterrupted} when
 * the calling thread was interrupted while guest code ran, or the store's interrupt deadline
 * passed ({@link CoreEngine#newStore}).
 */
public non-sealed interface CoreFunction extends CoreExtern {
    CoreFuncType type();

    long[] call(long... args);
}
