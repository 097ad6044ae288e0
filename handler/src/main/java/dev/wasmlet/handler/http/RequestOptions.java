package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:http/types.request-options}: per-request timeouts of an outgoing
 * request, in nanoseconds ({@code duration}, u64); unset ones take {@link HttpSettings}'
 * defaults. Confined to the guest thread.
 */
public final class RequestOptions {
    private static final ResultValue OK = ResultValue.ok(null);

    private Optional<Long> connectTimeout = Optional.empty();
    private Optional<Long> firstByteTimeout = Optional.empty();
    private Optional<Long> betweenBytesTimeout = Optional.empty();

    public Optional<Long> connectTimeout() {
        return connectTimeout;
    }

    public ResultValue setConnectTimeout(Optional<Long> nanos) {
        connectTimeout = nanos;
        return OK;
    }

    public Optional<Long> firstByteTimeout() {
        return firstByteTimeout;
    }

    public ResultValue setFirstByteTimeout(Optional<Long> nanos) {
        firstByteTimeout = nanos;
        return OK;
    }

    public Optional<Long> betweenBytesTimeout() {
        return betweenBytesTimeout;
    }

    public ResultValue setBetweenBytesTimeout(Optional<Long> nanos) {
        betweenBytesTimeout = nanos;
        return OK;
    }
}
