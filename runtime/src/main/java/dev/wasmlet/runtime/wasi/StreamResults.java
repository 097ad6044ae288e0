package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;

/** The shared values of {@code result<_, stream-error>} and friends. */
final class StreamResults {
    /** {@code ok} with no payload. */
    static final ResultValue OK = ResultValue.ok(null);
    /** {@code err(stream-error::closed)}. */
    static final ResultValue CLOSED = ResultValue.error(new VariantValue(1, null));
    /** {@code ok(0)} for the u64 results. */
    static final ResultValue OK_ZERO = ResultValue.ok(0L);
    /** {@code ok([])}. */
    static final ResultValue OK_EMPTY = ResultValue.ok(ByteSources.emptyBytes());

    private StreamResults() {
    }

    /** {@code err(stream-error::last-operation-failed(error))}. */
    static ResultValue failed(Throwable cause) {
        return ResultValue.error(new VariantValue(0, new IoError(cause)));
    }
}
