package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreGlobal;
import dev.wasmlet.runtime.engine.CoreValType;
import io.github.kawamuray.wasmtime.Global;

/** A global an instance exports, with where the store's linker holds it. */
record WasmtimeGlobal(WasmtimeStore store, Global global, CoreValType type, boolean mutable, Origin origin)
        implements CoreGlobal {
    @Override
    public long get() {
        store.checkOpen();
        return Values.bits(global.get(store.store));
    }

    @Override
    public void set(long value) {
        store.checkOpen();
        global.set(store.store, Values.val(type, value));
    }
}
