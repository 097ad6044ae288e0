package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;

/**
 * What {@code incoming-request} and {@code incoming-response} share: immutable headers, and a
 * body the guest may consume once and that is cancelled when the guest drops the message
 * without consuming it. Confined to the guest thread.
 */
abstract class IncomingMessage implements AutoCloseable {
    private final FieldMap headers;
    private IncomingBody body;

    IncomingMessage(FieldMap headers, IncomingBody body) {
        this.headers = headers;
        this.body = body;
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

    /** The guest dropped the message without consuming the body: the body is cancelled. */
    @Override
    public void close() {
        if (body != null) {
            body.close();
            body = null;
        }
    }
}
