package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:cli/stderr}: a stream into {@link WasiContext#stderr()}. */
@WitInterface("wasi:cli/stderr@0.2.12")
public final class StderrHost {
    @WitFunction("get-stderr")
    public OutputStream getStderr(Store store) {
        return new OutputStream(store.context(WasiContext.class).stderrSink());
    }
}
