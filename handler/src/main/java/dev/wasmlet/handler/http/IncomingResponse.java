package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;

/**
 * The WIT resource {@code wasi:http/types.incoming-response}: the response to an outgoing
 * request. Its headers are immutable and lack the forbidden ones; its body is read on demand from
 * the HTTP client. Confined to the guest thread.
 */
public final class IncomingResponse implements AutoCloseable {
    private final int status;
    private final FieldMap headers;
    private IncomingBody body;

    IncomingResponse(int status, FieldMap headers, IncomingBody body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** {@code status}. */
    public short status() {
        return (short) status;
    }

    /** {@code headers}: an immutable child. */
    public Fields headers() {
        return new Fields(headers, false);
    }

    /** {@code consume}: {@code ok(incoming-body)} once, {@code err} after. */
    public ResultValue consume() {
        if (body == null) {
            return ResultValue.error(null);
        }
        IncomingBody b = body;
        body = null;
        return ResultValue.ok(b);
    }

    /** The guest dropped the response without consuming the body: the body is cancelled. */
    @Override
    public void close() {
        if (body != null) {
            body.close();
            body = null;
        }
    }
}
