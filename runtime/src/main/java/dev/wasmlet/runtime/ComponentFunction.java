package dev.wasmlet.runtime;

import dev.wasmlet.runtime.types.FuncType;

/**
 * A function at the component level: a guest export lifted by {@code canon lift}, or a function
 * the host implements. Arguments and results are Java values as {@link
 * dev.wasmlet.runtime.types.ValueType} describes them.
 */
public interface ComponentFunction {
    FuncType type();

    /**
     * Calls the function.
     *
     * @return one value per result of {@link #type()}
     * @throws GuestTrapException when guest code traps or breaks a canonical ABI rule
     */
    Object[] call(Object... args);
}
