package dev.wasmlet.servlet;

import dev.wasmlet.handler.ComponentHandlerState;
import java.util.Objects;

/**
 * What the servlet attaches to each request it hands to the pool (the pool's data, given to
 * {@link dev.wasmlet.handler.WorkerState#onRequestStart}): enough to attribute the guest's work
 * and output to the request in logs.
 *
 * @param requestId short, unique id of the request, as logged under the MDC key {@value
 *     #MDC_REQUEST_ID} and named in error responses
 * @param pool the name of the pool that serves it
 * @param remoteAddress the client's address, as the container reports it
 */
public record RequestContext(String requestId, String pool, String remoteAddress) {
    /** The SLF4J MDC key of the request id. */
    public static final String MDC_REQUEST_ID = "wasmlet.requestId";
    /** The SLF4J MDC key of the pool name. */
    public static final String MDC_POOL = "wasmlet.pool";
    /** The SLF4J MDC key of the component's file name, as the guest's own lines carry it too. */
    public static final String MDC_COMPONENT = ComponentHandlerState.MDC_COMPONENT;

    public RequestContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(pool, "pool");
    }
}
