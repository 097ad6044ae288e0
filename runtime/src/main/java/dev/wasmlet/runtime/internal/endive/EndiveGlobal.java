package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreGlobal;
import dev.wasmlet.runtime.engine.CoreValType;
import run.endive.runtime.GlobalInstance;
import run.endive.wasm.types.MutabilityType;

/** An Endive global, shared as it is between instances. */
record EndiveGlobal(GlobalInstance global) implements CoreGlobal {
    @Override
    public CoreValType type() {
        return EndiveTypes.toCore(global.getType());
    }

    @Override
    public boolean mutable() {
        return global.getMutabilityType() == MutabilityType.Var;
    }

    @Override
    public long get() {
        return global.getValue();
    }

    @Override
    public void set(long value) {
        global.setValue(value);
    }
}
