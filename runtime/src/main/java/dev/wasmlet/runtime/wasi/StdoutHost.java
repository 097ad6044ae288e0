package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:cli/stdout}: a stream into {@link WasiContext#stdout()}. */
@WitInterface("wasi:cli/stdout@0.2.12")
public final class StdoutHost {
    @WitFunction("get-stdout")
    public OutputStream getStdout(Store store) {
        return new OutputStream(store.context(WasiContext.class).stdoutSink());
    }
}
