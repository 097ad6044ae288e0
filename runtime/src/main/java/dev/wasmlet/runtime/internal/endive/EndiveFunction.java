package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import run.endive.runtime.ExportFunction;

/** An exported Endive function. */
final class EndiveFunction implements CoreFunction {
    private static final long[] NONE = new long[0];

    private final CoreFuncType type;
    private final ExportFunction function;

    EndiveFunction(CoreFuncType type, ExportFunction function) {
        this.type = type;
        this.function = function;
    }

    @Override
    public CoreFuncType type() {
        return type;
    }

    @Override
    public long[] call(long... args) {
        try {
            long[] results = function.apply(args);
            return results == null ? NONE : results;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw Traps.map(e);
        }
    }
}
