package dev.wasmlet.servlet;

import dev.wasmlet.handler.ProxyHandler;
import java.util.function.Consumer;

/**
 * Makes the pool of one configured component: loads and compiles the component, and builds a
 * {@link ProxyHandler} whose workers follow the settings.
 *
 * <p>{@link WasmPoolListener} finds the implementation with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/dev.wasmlet.servlet.ProxyHandlerFactory} entry in the web
 * application's class path). The built-in {@link ComponentProxyHandlerFactory} is the default; a
 * single other factory on the class path replaces it.
 *
 * <p>An implementation must give {@link WasmletSettings#workerPolicy()} to every worker it makes,
 * so that policy changes made through JMX reach live workers, and should use {@link
 * WasmletSettings#maxInstances()}, {@link WasmletSettings#warmInstances()} and {@link
 * WasmletSettings#capacity()} (shared with the application's other pools) for the pool. It
 * receives each request's {@link RequestContext} in {@code WorkerState.onRequestStart}, on the
 * worker's thread: the place to put {@link RequestContext#requestId()} in the MDC for the
 * guest's output.
 */
@FunctionalInterface
public interface ProxyHandlerFactory {
    /**
     * Makes the pool.
     *
     * @throws RuntimeException when the component cannot be loaded; the application does not
     *     start, and the message is shown as the cause
     */
    ProxyHandler<RequestContext> create(WasmletSettings settings);

    /**
     * Makes the pool, with the guest's stdout and stderr lines going to the given sinks: {@link
     * WasmPoolListener} calls this one, with SLF4J loggers, or with the servlet context's log when
     * the web application has no SLF4J provider. The default ignores the sinks, for a factory
     * whose guests write no output or that sends it elsewhere itself.
     */
    default ProxyHandler<RequestContext> create(WasmletSettings settings, Consumer<String> stdoutLines,
                                                Consumer<String> stderrLines) {
        return create(settings);
    }
}
