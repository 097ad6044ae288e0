package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreTrap;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;

/** Maps what wasmtime-java throws out of guest code to the engine SPI's exceptions. */
final class Traps {
    private Traps() {
    }

    /** The SPI exception for {@code e}, thrown by a call into guest code (no host failure pending). */
    static RuntimeException map(RuntimeException e) {
        if (e instanceof WasmFunctionError.TrapError trap) {
            return switch (trap.trap()) {
                case INTERRUPT -> new CoreInterrupted("guest interrupted: its store's interrupt deadline passed", e);
                case STACK_OVERFLOW -> new CoreTrap("call stack exhausted", e);
                case MEMORY_OUT_OF_BOUNDS -> new CoreTrap("out of bounds memory access", e);
                case HEAP_MISALIGNED -> new CoreTrap("misaligned memory access", e);
                case TABLE_OUT_OF_BOUNDS -> new CoreTrap("undefined element: out of bounds table access", e);
                case INDIRECT_CALL_TO_NULL -> new CoreTrap("uninitialized element", e);
                case BAD_SIGNATURE -> new CoreTrap("indirect call type mismatch", e);
                case INTEGER_OVERFLOW -> new CoreTrap("integer overflow", e);
                case INTEGER_DIVISION_BY_ZERO -> new CoreTrap("integer divide by zero", e);
                case BAD_CONVERSION_TO_INTEGER -> new CoreTrap("invalid conversion to integer", e);
                case UNREACHABLE_CODE_REACHED -> new CoreTrap("wasm `unreachable` instruction executed", e);
                default -> new CoreTrap("wasm trap: " + trap.trap(), e);
            };
        }
        if (e instanceof WasmFunctionError || e instanceof WasmtimeException) {
            return new CoreTrap(e.getMessage(), e);
        }
        return e;
    }
}
