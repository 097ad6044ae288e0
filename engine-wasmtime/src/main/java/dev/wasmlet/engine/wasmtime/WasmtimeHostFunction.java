package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.HostFunctionBody;

/**
 * A function the host implements, before it is bound to a store: Wasmtime makes a native
 * function per store ({@link WasmtimeStore#bind}) when an instance imports it.
 */
record WasmtimeHostFunction(CoreFuncType type, HostFunctionBody body) implements CoreFunction {
    @Override
    public long[] call(long... args) {
        return body.call(args);
    }
}
