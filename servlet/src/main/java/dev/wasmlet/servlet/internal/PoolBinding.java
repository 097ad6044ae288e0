package dev.wasmlet.servlet.internal;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.servlet.RequestContext;
import dev.wasmlet.servlet.WasmletSettings;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * A pool as a servlet uses it: the handler, and the settings the servlet applies itself.
 *
 * @param name the pool's name, as logged
 * @param component the component's file name, as logged; null when the servlet was given a pool
 *     without its settings
 * @param log where the servlet's lines about the pool's requests go
 * @param maxRequestBodySize bytes; 0 means no limit
 * @param poolWaitTimeout how long a request waits when the pool is full; zero means no wait
 * @param replaceHeaders request headers replaced before the guest sees them
 */
public record PoolBinding(String name, String component, ProxyHandler<RequestContext> handler, Logger log,
                          long maxRequestBodySize, Duration poolWaitTimeout, Headers replaceHeaders) {
    /** The logger of the servlet's lines, as SLF4J names it. */
    private static final String LOGGER = "dev.wasmlet.servlet.WasmProxyServlet";

    public PoolBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(poolWaitTimeout, "poolWaitTimeout");
        Objects.requireNonNull(replaceHeaders, "replaceHeaders");
    }

    /** The binding of a pool made from {@code settings}. */
    public static PoolBinding of(String name, ProxyHandler<RequestContext> handler, WasmletSettings settings,
                                 ServletLogs logs) {
        String component = settings.componentFileName();
        return new PoolBinding(name, component, handler, logs.logger(LOGGER, "pool " + name + ", " + component),
                settings.maxRequestBodySize(), settings.poolWaitTimeout(), settings.headers());
    }

    /** The binding of a pool configured in code, with the default servlet-side settings. */
    public static PoolBinding withDefaults(String name, ProxyHandler<RequestContext> handler, ServletLogs logs) {
        WasmletSettings.Key size = WasmletSettings.Key.MAX_REQUEST_BODY_SIZE;
        WasmletSettings.Key wait = WasmletSettings.Key.POOL_WAIT_TIMEOUT;
        return new PoolBinding(name, null, handler, logs.logger(LOGGER, "pool " + name),
                (Long) size.parse(size.defaultText()), (Duration) wait.parse(wait.defaultText()), Headers.EMPTY);
    }
}
