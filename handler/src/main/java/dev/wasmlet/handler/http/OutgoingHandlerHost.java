package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;
import java.util.Optional;

/**
 * {@code wasi:http/outgoing-handler}: sends a guest's request with the {@link
 * java.net.http.HttpClient} of the instance's {@link HttpSettings}, if the allow-list lets it
 * ({@code HTTP-request-denied} otherwise). Keeps no state.
 */
@WitInterface("wasi:http/outgoing-handler@0.2.12")
public final class OutgoingHandlerHost {
    @WitFunction("handle")
    public ResultValue handle(Store store, OutgoingRequest request, Optional<RequestOptions> options) {
        HttpContext http = store.context(HttpContext.class);
        return http.settings().client().send(request, options, http);
    }
}
