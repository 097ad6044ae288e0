package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Request;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:http/types.incoming-request}: a {@link Request} as the guest sees
 * it. Its headers are immutable and lack the forbidden ones; its authority is the request's, else
 * the {@code Host} header's; its body is read on demand from the request's body publisher and its
 * trailers come from {@link dev.wasmlet.handler.Body#trailers()}. Confined to the guest thread.
 */
public final class IncomingRequest implements AutoCloseable {
    private final VariantValue method;
    private final Optional<VariantValue> scheme;
    private final Optional<String> authority;
    private final Optional<String> pathWithQuery;
    private final FieldMap headers;
    private IncomingBody body;

    private IncomingRequest(Request request, HttpContext context) {
        this.method = HttpVariants.method(request.method());
        this.scheme = Optional.ofNullable(request.scheme()).map(HttpVariants::scheme);
        String auth = request.authority();
        if (auth == null || auth.isEmpty()) {
            auth = request.headers().first("host");
        }
        this.authority = Optional.ofNullable(auth);
        this.pathWithQuery = Optional.of(request.pathWithQuery());
        this.headers = Fields.incoming(request.headers(), context.fieldSizeLimit());
        BodySource source = context.track(BodySource.ofRequest(request.body(), request.body().declaredLength()));
        this.body = new IncomingBody(source, request.body().trailers(), context.fieldSizeLimit());
    }

    /** The guest's view of {@code request}; its body is cancelled when {@code context} ends the request. */
    public static IncomingRequest of(Request request, HttpContext context) {
        return new IncomingRequest(request, context);
    }

    /** {@code method}. */
    public VariantValue method() {
        return method;
    }

    /** {@code path-with-query}. */
    public Optional<String> pathWithQuery() {
        return pathWithQuery;
    }

    /** {@code scheme}. */
    public Optional<VariantValue> scheme() {
        return scheme;
    }

    /** {@code authority}. */
    public Optional<String> authority() {
        return authority;
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

    /** The guest dropped the request without consuming the body: the body is cancelled. */
    @Override
    public void close() {
        if (body != null) {
            body.close();
            body = null;
        }
    }
}
