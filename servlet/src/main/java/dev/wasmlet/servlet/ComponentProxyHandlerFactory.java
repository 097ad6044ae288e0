package dev.wasmlet.servlet;

import dev.wasmlet.handler.ComponentHandlerState;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.http.HttpComponent;
import dev.wasmlet.handler.http.HttpSettings;
import dev.wasmlet.handler.http.OutboundPolicy;
import dev.wasmlet.runtime.Component;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.engine.CoreEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool of a configured component: loads and compiles it once, links it to the WASI and
 * {@code wasi:http} hosts, and makes a {@link ProxyHandler} whose workers follow the settings.
 * The default {@link ProxyHandlerFactory}, found by {@link java.util.ServiceLoader}.
 */
public final class ComponentProxyHandlerFactory implements ProxyHandlerFactory {
    /** The logger guest output goes to: stdout lines at INFO, stderr lines at WARN. */
    public static final Logger GUEST_LOG = LoggerFactory.getLogger("dev.wasmlet.guest");

    /** Guest output goes to {@link #GUEST_LOG}, in the container's own logs. */
    @Override
    public ProxyHandler<RequestContext> create(WasmletSettings settings) {
        return create(settings, GUEST_LOG::info, GUEST_LOG::warn);
    }

    /**
     * The pool of {@code settings}, with guest output lines going to the given sinks.
     *
     * @throws IllegalArgumentException when the engine is not on the class path
     * @throws IllegalStateException when the engine cannot run here (its native library does not load)
     * @throws dev.wasmlet.runtime.WasmletException when the component does not load or link
     */
    public ProxyHandler<RequestContext> create(WasmletSettings settings, Consumer<String> stdoutLines,
                                               Consumer<String> stderrLines) {
        ComponentRuntime runtime = ComponentRuntime.withEngine(settings.engine(), settings.cacheDirectory(),
                CoreEngine.DEFAULT_MAX_MEMORY_BYTES);
        try {
            return create(settings, runtime, stdoutLines, stderrLines);
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
    }

    /** The pool, which owns {@code runtime}: the runtime's engine is closed when the pool terminates. */
    private ProxyHandler<RequestContext> create(WasmletSettings settings, ComponentRuntime runtime,
                                                Consumer<String> stdoutLines, Consumer<String> stderrLines) {
        Component component = runtime.load(read(settings), settings.componentFileName());
        HttpSettings http = HttpSettings.builder()
                .fieldSizeLimit((int) Math.min(Integer.MAX_VALUE, settings.maxFieldsSize()))
                .outboundPolicy(OutboundPolicy.allow(settings.outboundAllowedHosts()))
                .connectTimeout(settings.outboundConnectTimeout())
                .firstByteTimeout(settings.outboundFirstByteTimeout())
                .betweenBytesTimeout(settings.outboundBetweenBytesTimeout())
                .build();
        HttpComponent linked = new HttpComponent(runtime, component, http);
        ComponentHandlerState<RequestContext> state = new ComponentHandlerState<>(linked::instantiate,
                environment(settings), settings.workerPolicy(), settings.loggingPrefix(), stdoutLines, stderrLines,
                RequestContext::requestId);
        return ProxyHandler.builder(state)
                .maxInstances(settings.maxInstances())
                .warmInstances(settings.warmInstances())
                .name("wasmlet-" + settings.componentFileName())
                .closeOnTermination(runtime)
                .build();
    }

    /** The host's environment first when inherited, then the configured variables over it. */
    private static List<Map.Entry<String, String>> environment(WasmletSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        if (settings.inheritEnv()) {
            env.putAll(System.getenv());
        }
        env.putAll(settings.env());
        return new ArrayList<>(env.entrySet());
    }

    private static byte[] read(WasmletSettings settings) {
        try (InputStream in = settings.componentUrl().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("component: cannot read " + settings.componentUrl(), e);
        }
    }
}
