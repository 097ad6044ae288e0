package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:cli/stdin}: a stream over {@link WasiContext#stdin()}, empty by default. */
@WitInterface("wasi:cli/stdin@0.2.12")
public final class StdinHost {
    /** A new stream each call, all reading the one stdin; dropping one leaves stdin open. */
    @WitFunction("get-stdin")
    public InputStream getStdin(Store store) {
        return new InputStream(ByteSources.unclosable(store.context(WasiContext.class).stdin()));
    }
}
