package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.WasmletException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreTrap;
import run.endive.runtime.WasmInterruptedException;
import run.endive.wasm.WasmEngineException;

/** Maps what Endive throws out of guest code to the engine SPI's exceptions. */
final class Traps {
    private Traps() {
    }

    /**
     * The exception to throw for {@code e}, raised while guest code ran. Wasmlet's own exceptions
     * thrown by host functions pass through unchanged, however Endive wrapped them.
     */
    static RuntimeException map(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof WasmletException || c instanceof CoreTrap || c instanceof CoreInterrupted) {
                return (RuntimeException) c;
            }
            if (c instanceof WasmInterruptedException) {
                return new CoreInterrupted("guest interrupted", c);
            }
        }
        if (e instanceof StackOverflowError) {
            return new CoreTrap("call stack exhausted", e);
        }
        if (e instanceof OutOfMemoryError) {
            return new CoreTrap("out of memory: " + e.getMessage(), e);
        }
        if (e instanceof WasmEngineException || e instanceof IndexOutOfBoundsException
                || e instanceof ArithmeticException || e instanceof NegativeArraySizeException) {
            return new CoreTrap(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        throw (Error) e;
    }
}
