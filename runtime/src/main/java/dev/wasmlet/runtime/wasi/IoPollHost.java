package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.List;

/** {@code wasi:io/poll}: readiness of {@link Pollable}s, see {@link Pollables}. */
@WitInterface(value = "wasi:io/poll@0.2.12", resources = {"pollable"})
public final class IoPollHost {
    @WitFunction("[method]pollable.ready")
    public boolean ready(Pollable self) {
        return self.isReady();
    }

    @WitFunction("[method]pollable.block")
    public void block(Pollable self) {
        Pollables.block(self);
    }

    /** Blocks until one of {@code in} is ready; returns the indices (u32) of the ready ones. */
    @WitFunction("poll")
    public List<Integer> poll(List<Pollable> in) {
        return Pollables.poll(in);
    }
}
