package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.HostFunctionBody;

/** A function the host implements, before it is bound to the import of a module. */
final class EndiveHostFunction implements CoreFunction {
    private final CoreFuncType type;
    private final HostFunctionBody body;

    EndiveHostFunction(CoreFuncType type, HostFunctionBody body) {
        this.type = type;
        this.body = body;
    }

    @Override
    public CoreFuncType type() {
        return type;
    }

    @Override
    public long[] call(long... args) {
        return body.call(args);
    }
}
