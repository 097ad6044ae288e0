package dev.wasmlet.handler.http;

import dev.wasmlet.handler.GuestInstance;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.UnlinkableComponentException;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResourceValue;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.wasi.GuestPauses;
import java.util.concurrent.CompletableFuture;

/**
 * One instance of a {@code wasi:http} component and the way to serve a request on it: a {@link
 * GuestInstance} (a {@link dev.wasmlet.handler.Proxy} with its store and memory size) that hands
 * the guest's {@code wasi:http/incoming-handler.handle} an {@link IncomingRequest} and a {@link
 * ResponseOutparam}. Confined to one thread at a time; {@link #close()} it when done.
 */
public final class HttpInstance implements GuestInstance {
    /** The export served; any 0.2.x version of it is found. */
    public static final String INCOMING_HANDLER = "wasi:http/incoming-handler@0.2.0";

    private final ComponentInstance instance;
    private final ComponentFunction handler;
    private final ResourceType requestType;
    private final ResourceType outparamType;

    HttpInstance(ComponentInstance instance) {
        this.instance = instance;
        this.handler = instance.function(INCOMING_HANDLER, "handle");
        if (handler.type().params().size() != 2) {
            throw new UnlinkableComponentException(instance.component().name() + " exports " + INCOMING_HANDLER
                    + "#handle as " + handler.type() + ", not func(incoming-request, response-outparam)");
        }
        this.requestType = ownResource(handler.type().params().get(0).type());
        this.outparamType = ownResource(handler.type().params().get(1).type());
    }

    private ResourceType ownResource(ValueType t) {
        if (t instanceof OwnType own) {
            return own.resource();
        }
        throw new UnlinkableComponentException(instance.component().name() + " exports " + INCOMING_HANDLER
                + "#handle as " + handler.type() + ", not func(incoming-request, response-outparam)");
    }

    public ComponentInstance instance() {
        return instance;
    }

    /**
     * The instance's store: its resource table, {@link dev.wasmlet.runtime.wasi.WasiContext} and
     * {@link HttpContext}.
     */
    @Override
    public Store store() {
        return instance.store();
    }

    /** The bytes of linear memory the instance has now, for the pool's memory policies. */
    @Override
    public long memoryBytes() {
        return instance.memoryBytes();
    }

    @Override
    public void close() {
        instance.close();
    }

    /**
     * Runs the guest's handler for {@code request} to its end on the calling thread. {@code
     * response} completes when the guest sets the response, usually before this returns, while the
     * guest goes on writing the body; it fails with a {@link dev.wasmlet.handler.GuestResponseError}
     * naming the code when the guest sets an {@code error-code}, and is left incomplete when the
     * guest never sets it. Outgoing bodies the guest leaves unfinished fail when this returns.
     *
     * @throws dev.wasmlet.runtime.GuestTrapException when the guest traps: the instance is poisoned
     */
    @Override
    public void handle(Store store, Request request, CompletableFuture<Response> response) {
        handle(store, request, ResponseOutparam.fromFuture(response));
    }

    /** As {@link #handle(Store, Request, CompletableFuture)}, with the response handed to {@code outparam}. */
    public void handle(Request request, ResponseOutparam outparam) {
        handle(store(), request, outparam);
    }

    private void handle(Store store, Request request, ResponseOutparam outparam) {
        if (store != instance.store()) {
            throw new IllegalArgumentException("the store is not this instance's");
        }
        HttpContext http = store.context(HttpContext.class);
        IncomingRequest incoming = IncomingRequest.of(request, http);
        int requestRep = store.resources().add(incoming);
        int outparamRep = store.resources().add(outparam);
        Throwable failure = null;
        Runnable outerPauseHook = GuestPauses.install(http::paused);
        try {
            handler.call(new ResourceValue(requestType, requestRep), new ResourceValue(outparamType, outparamRep));
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            GuestPauses.restore(outerPauseHook);
            http.endRequest(failure);
        }
    }

    @Override
    public String toString() {
        return "HttpInstance[" + instance.component().name() + "]";
    }
}
