package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.OutputStream;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:http/types.outgoing-body}: the body of an outgoing response or
 * request, as the guest writes it. Its {@code write} stream can be taken once; {@code finish}
 * ends it, with trailers; dropping it without finishing fails the body for its consumer
 * ({@code HTTP-protocol-error}, as Wasmtime aborts it). Confined to the guest thread.
 */
public final class OutgoingBody implements AutoCloseable {
    private final StreamedBody body;
    private boolean streamTaken;
    private boolean done;

    OutgoingBody(StreamedBody body) {
        this.body = body;
    }

    StreamedBody body() {
        return body;
    }

    /** {@code write}: {@code ok(output-stream)} the first time, {@code err} after. */
    public ResultValue write() {
        if (streamTaken || done) {
            return ResultValue.error(null);
        }
        streamTaken = true;
        return ResultValue.ok(new OutputStream(body.sink()));
    }

    /**
     * {@code finish}: ends the body, with {@code trailers} when present. Returns {@code
     * err(HTTP-response-body-size)} (or {@code -request-}) when the guest wrote other than the
     * declared {@code content-length}; the body then fails.
     */
    public ResultValue finish(Optional<Fields> trailers) {
        done = true;
        VariantValue error = body.finish(trailers.map(Fields::toHeaders).orElse(null));
        return error == null ? ResultValue.ok(null) : ResultValue.error(error);
    }

    /** The guest dropped the body without finishing it: the consumer gets an error. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            body.abort(new HttpErrorException(ErrorCode.HTTP_PROTOCOL_ERROR.value(),
                    "the guest dropped the outgoing-body without finishing it"));
        }
    }
}
