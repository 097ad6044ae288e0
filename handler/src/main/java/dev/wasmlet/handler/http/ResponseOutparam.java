package dev.wasmlet.handler.http;

import dev.wasmlet.handler.GuestResponseError;
import dev.wasmlet.handler.Response;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The WIT resource {@code wasi:http/types.response-outparam}: where the guest puts its response,
 * once. The embedder gives a plain {@link Callback}; {@link #fromFuture(CompletableFuture)} adapts
 * a future. Confined to the guest thread; the callback runs there, as the guest sets the response,
 * while the guest goes on to write the body.
 */
public final class ResponseOutparam {
    /** Receives what the guest set: a response, or an {@code error-code}. */
    @FunctionalInterface
    public interface Callback {
        /**
         * @param response the response, or null when the guest set an error
         * @param errorCode the {@code error-code} the guest set (see {@link ErrorCode}), or null
         */
        void set(Response response, VariantValue errorCode);
    }

    private final Callback callback;
    private boolean set;

    private ResponseOutparam(Callback callback) {
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /** An outparam that hands what the guest sets to {@code callback}. */
    public static ResponseOutparam fromCallback(Callback callback) {
        return new ResponseOutparam(callback);
    }

    /**
     * An outparam that completes {@code future} with the response, or fails it with a {@link
     * GuestResponseError} naming the {@code error-code} the guest set.
     */
    public static ResponseOutparam fromFuture(CompletableFuture<Response> future) {
        return new ResponseOutparam((response, error) -> {
            if (response != null) {
                future.complete(response);
            } else {
                future.completeExceptionally(new GuestResponseError("guest set response-outparam to error-code "
                        + ErrorCode.describe(error)));
            }
        });
    }

    /** Whether the guest has set the response. */
    public boolean isSet() {
        return set;
    }

    /**
     * {@code set}: {@code response} is {@code ok(outgoing-response)} or {@code err(error-code)}.
     *
     * @throws GuestTrapException when the response was already set
     */
    public void set(ResultValue response) {
        if (set) {
            throw new GuestTrapException("response-outparam.set called twice");
        }
        set = true;
        if (response.isOk()) {
            callback.set(((OutgoingResponse) response.payload()).toResponse(), null);
        } else {
            callback.set(null, (VariantValue) response.payload());
        }
    }

    /**
     * {@code send-informational}: 1xx responses are not supported; always {@code
     * err(internal-error)} (Wasmtime traps instead).
     */
    public ResultValue sendInformational(short status, Fields headers) {
        return ResultValue.error(ErrorCode.internalError("send-informational is not supported (status "
                + Short.toUnsignedInt(status) + ")"));
    }
}
