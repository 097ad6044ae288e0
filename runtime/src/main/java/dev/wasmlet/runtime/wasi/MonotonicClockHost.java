package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:clocks/monotonic-clock}, from the instance's {@link WasiContext#clock()}. */
@WitInterface("wasi:clocks/monotonic-clock@0.2.12")
public final class MonotonicClockHost {
    @WitFunction("now")
    public long now(Store store) {
        return store.context(WasiContext.class).clock().monotonicNanos();
    }

    @WitFunction("resolution")
    public long resolution(Store store) {
        return store.context(WasiContext.class).clock().monotonicResolutionNanos();
    }

    /** A pollable ready once the clock reaches {@code when} (u64 nanoseconds). */
    @WitFunction("subscribe-instant")
    public Pollable subscribeInstant(Store store, long when) {
        return DeadlinePollable.at(store.context(WasiContext.class).clock(), when);
    }

    /** A pollable ready once {@code when} (u64 nanoseconds) have passed from now. */
    @WitFunction("subscribe-duration")
    public Pollable subscribeDuration(Store store, long when) {
        return DeadlinePollable.after(store.context(WasiContext.class).clock(), when);
    }
}
