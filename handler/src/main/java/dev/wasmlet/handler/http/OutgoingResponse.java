package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.Response;
import dev.wasmlet.runtime.types.ResultValue;

/**
 * The WIT resource {@code wasi:http/types.outgoing-response}: a response the guest builds, status
 * 200 until set. Its headers are the fields it was made with (immutable from then on); its body
 * can be opened once and streams to the {@link Response} made when the response is set. Confined
 * to the guest thread.
 */
public final class OutgoingResponse {
    private final FieldMap headers;
    private final HttpContext context;
    private int status = 200;
    private StreamedBody body;

    /** {@code constructor(headers)}: takes the fields (a child's are copied). */
    OutgoingResponse(Fields headers, HttpContext context) {
        this.headers = headers.isMutable() ? headers.map() : headers.map().copy();
        this.context = context;
    }

    /** {@code status-code}. */
    public short statusCode() {
        return (short) status;
    }

    /** {@code set-status-code}: {@code err} unless {@code code} (u16) is 100 to 999. */
    public ResultValue setStatusCode(short code) {
        int c = Short.toUnsignedInt(code);
        if (c < 100 || c > 999) {
            return ResultValue.error(null);
        }
        status = c;
        return ResultValue.ok(null);
    }

    /** {@code headers}: an immutable child. */
    public Fields headers() {
        return new Fields(headers, false);
    }

    /**
     * {@code body}: {@code ok(outgoing-body)} once; {@code err} after, or when the {@code
     * content-length} header is not a number.
     */
    public ResultValue body() {
        if (body != null) {
            return ResultValue.error(null);
        }
        long length = contentLength(headers);
        if (length == -2) {
            return ResultValue.error(null);
        }
        body = context.track(StreamedBody.forResponse(context.settings().bodyBufferBytes(), length));
        return ResultValue.ok(new OutgoingBody(body));
    }

    /** The handler's response: status, headers, and the body as the guest writes it (empty without one). */
    Response toResponse() {
        return new Response(status, Fields.toHeaders(headers), body != null ? body : Body.empty());
    }

    /** The first {@code content-length} value as a number; -1 when absent, -2 when not a number. */
    static long contentLength(FieldMap headers) {
        byte[] v = headers.first("content-length");
        if (v == null) {
            return -1;
        }
        String s = new String(v, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        if (s.isEmpty() || s.length() > 19) {
            return -2;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -2;
            }
        }
        return Long.parseLong(s);
    }
}
