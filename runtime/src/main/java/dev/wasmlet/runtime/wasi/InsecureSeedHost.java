package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.List;

/** {@code wasi:random/insecure-seed}: the context's fixed seed, for hash-map DoS protection. */
@WitInterface("wasi:random/insecure-seed@0.2.12")
public final class InsecureSeedHost {
    /** {@code tuple<u64, u64>}. */
    @WitFunction("insecure-seed")
    public List<Object> insecureSeed(Store store) {
        WasiContext ctx = store.context(WasiContext.class);
        return List.of(ctx.insecureSeedLow(), ctx.insecureSeedHigh());
    }
}
