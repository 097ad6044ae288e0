package dev.wasmlet.handler.http;

/**
 * The WIT resource {@code wasi:http/types.incoming-response}: the response to an outgoing
 * request. Its headers are immutable and lack the forbidden ones; its body is read on demand from
 * the HTTP client. Confined to the guest thread.
 */
public final class IncomingResponse extends IncomingMessage {
    private final int status;

    IncomingResponse(int status, FieldMap headers, IncomingBody body) {
        super(headers, body);
        this.status = status;
    }

    /** {@code status}. */
    public short status() {
        return (short) status;
    }
}
