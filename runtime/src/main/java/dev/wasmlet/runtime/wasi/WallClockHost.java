package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.time.Instant;
import java.util.List;

/** {@code wasi:clocks/wall-clock}: datetimes are {@code [seconds (u64), nanoseconds (u32)]}. */
@WitInterface("wasi:clocks/wall-clock@0.2.12")
public final class WallClockHost {
    @WitFunction("now")
    public List<Object> now(Store store) {
        Instant now = store.context(WasiContext.class).clock().wallNow();
        // Before 1970 cannot be said in a u64: say the epoch.
        return now.getEpochSecond() < 0 ? datetime(0, 0) : datetime(now.getEpochSecond(), now.getNano());
    }

    @WitFunction("resolution")
    public List<Object> resolution(Store store) {
        long nanos = store.context(WasiContext.class).clock().wallResolutionNanos();
        return datetime(nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L));
    }

    static List<Object> datetime(long seconds, int nanoseconds) {
        return List.of(seconds, nanoseconds);
    }
}
