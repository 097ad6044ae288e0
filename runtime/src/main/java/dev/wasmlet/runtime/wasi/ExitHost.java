package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;

/** {@code wasi:cli/exit}: throws {@link GuestExitException}. */
@WitInterface("wasi:cli/exit@0.2.12")
public final class ExitHost {
    /** {@code exit(status: result)}: 0 for ok, 1 for err. */
    @WitFunction("exit")
    public void exit(ResultValue status) {
        throw new GuestExitException(status.isOk() ? 0 : 1);
    }

    /** {@code exit-with-code(status-code: u8)} (unstable in WASI 0.2, served all the same). */
    @WitFunction("exit-with-code")
    public void exitWithCode(byte statusCode) {
        throw new GuestExitException(Byte.toUnsignedInt(statusCode));
    }
}
