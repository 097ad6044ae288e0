package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import io.github.kawamuray.wasmtime.Func;

/** A function an instance exports. */
record WasmtimeFunction(WasmtimeStore store, Func func, CoreFuncType type) implements CoreFunction {
    @Override
    public long[] call(long... args) {
        return store.call(func, type, args);
    }
}
