package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:http/types.outgoing-request}: a request the guest builds for
 * {@code wasi:http/outgoing-handler}. Method {@code GET}, no scheme (https when sent), no
 * authority, no path until set; the setters refuse what is not valid HTTP. Its body can be opened
 * once and streams to the HTTP client as the guest writes it. Confined to the guest thread.
 */
public final class OutgoingRequest {
    private final FieldMap headers;
    private final HttpContext context;
    private VariantValue method = HttpVariants.method("GET");
    private Optional<VariantValue> scheme = Optional.empty();
    private Optional<String> authority = Optional.empty();
    private Optional<String> pathWithQuery = Optional.empty();
    private StreamedBody body;

    /** {@code constructor(headers)}: takes the fields (a child's are copied). */
    OutgoingRequest(Fields headers, HttpContext context) {
        this.headers = headers.isMutable() ? headers.map() : headers.map().copy();
        this.context = context;
    }

    FieldMap headerMap() {
        return headers;
    }

    StreamedBody streamedBody() {
        return body;
    }

    /** {@code body}: {@code ok(outgoing-body)} once; {@code err} after, or with a malformed {@code content-length}. */
    public ResultValue body() {
        if (body != null) {
            return ResultValue.error(null);
        }
        long length = OutgoingResponse.contentLength(headers);
        if (length == -2) {
            return ResultValue.error(null);
        }
        body = context.track(StreamedBody.forRequest(context.settings().bodyBufferBytes(), length));
        return ResultValue.ok(new OutgoingBody(body));
    }

    /** {@code method}. */
    public VariantValue method() {
        return method;
    }

    /** {@code set-method}: {@code err} when an {@code other} method is not an HTTP token. */
    public ResultValue setMethod(VariantValue m) {
        if (m.caseIndex() == HttpVariants.METHOD_OTHER && !HttpVariants.isToken((String) m.payload())) {
            return ResultValue.error(null);
        }
        method = m;
        return ResultValue.ok(null);
    }

    /** {@code path-with-query}. */
    public Optional<String> pathWithQuery() {
        return pathWithQuery;
    }

    /** {@code set-path-with-query}: {@code err} when it is not an origin-form path and query. */
    public ResultValue setPathWithQuery(Optional<String> p) {
        if (p.isPresent() && !HttpVariants.isPathWithQuery(p.get())) {
            return ResultValue.error(null);
        }
        pathWithQuery = p;
        return ResultValue.ok(null);
    }

    /** {@code scheme}. */
    public Optional<VariantValue> scheme() {
        return scheme;
    }

    /** {@code set-scheme}: {@code err} when an {@code other} scheme is not a URI scheme. */
    public ResultValue setScheme(Optional<VariantValue> s) {
        if (s.isPresent() && s.get().caseIndex() == HttpVariants.SCHEME_OTHER
                && !HttpVariants.isScheme((String) s.get().payload())) {
            return ResultValue.error(null);
        }
        scheme = s;
        return ResultValue.ok(null);
    }

    /** {@code authority}. */
    public Optional<String> authority() {
        return authority;
    }

    /** {@code set-authority}: {@code err} when it is not a URI authority. */
    public ResultValue setAuthority(Optional<String> a) {
        if (a.isPresent() && !HttpVariants.isAuthority(a.get())) {
            return ResultValue.error(null);
        }
        authority = a;
        return ResultValue.ok(null);
    }

    /** {@code headers}: an immutable child. */
    public Fields headers() {
        return new Fields(headers, false);
    }
}
