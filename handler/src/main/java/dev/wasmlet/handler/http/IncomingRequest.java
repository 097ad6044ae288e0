package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Request;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:http/types.incoming-request}: a {@link Request} as the guest sees
 * it. Its headers are immutable and lack the forbidden ones; its authority is the request's, else
 * the {@code Host} header's; its body is read on demand from the request's body publisher and its
 * trailers come from {@link dev.wasmlet.handler.Body#trailers()}. Confined to the guest thread.
 */
public final class IncomingRequest extends IncomingMessage {
    private final VariantValue method;
    private final Optional<VariantValue> scheme;
    private final Optional<String> authority;
    private final Optional<String> pathWithQuery;

    private IncomingRequest(Request request, HttpContext context) {
        super(Fields.incoming(request.headers(), context.fieldSizeLimit()), body(request, context));
        this.method = HttpVariants.method(request.method());
        this.scheme = Optional.ofNullable(request.scheme()).map(HttpVariants::scheme);
        String auth = request.authority();
        if (auth == null || auth.isEmpty()) {
            auth = request.headers().first("host");
        }
        this.authority = Optional.ofNullable(auth);
        this.pathWithQuery = Optional.of(request.pathWithQuery());
    }

    private static IncomingBody body(Request request, HttpContext context) {
        BodySource source = context.track(BodySource.ofRequest(request.body(), request.body().declaredLength()));
        return new IncomingBody(source, request.body().trailers(), context.fieldSizeLimit());
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
}
