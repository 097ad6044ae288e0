package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:io/error}. */
@WitInterface(value = "wasi:io/error@0.2.12", resources = {"error"})
public final class IoErrorHost {
    @WitFunction("[method]error.to-debug-string")
    public String toDebugString(IoError self) {
        return self.toDebugString();
    }
}
