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
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool of a configured component: loads and compiles it once, links it to the WASI and
 * {@code wasi:http} hosts, and makes a {@link ProxyHandler} whose workers follow the settings.
 * The default {@link ProxyHandlerFactory}, found by {@link java.util.ServiceLoader}.
 *
 * <p>By default every pool gets a runtime of its own, on the engine its settings name, closed
 * when the pool terminates (a native engine's memory and threads go with it). A factory made
 * with {@link #ComponentProxyHandlerFactory(ComponentRuntime)} builds every pool on that one
 * runtime instead, so a component is compiled once however many pools use it; its owner closes
 * it after the last of them.
 */
public final class ComponentProxyHandlerFactory implements ProxyHandlerFactory {
    /** The logger guest output goes to: stdout lines at INFO, stderr lines at WARN. */
    public static final Logger GUEST_LOG = LoggerFactory.getLogger("dev.wasmlet.guest");

    /** The runtime every pool shares, or null for one per pool. */
    private final ComponentRuntime shared;

    /** One runtime per pool, as its settings say (what {@link java.util.ServiceLoader} makes). */
    public ComponentProxyHandlerFactory() {
        this.shared = null;
    }

    /**
     * Every pool on {@code runtime}, which the caller owns: the settings' {@code engine} must be
     * its engine, and {@code cacheDirectory} is then the runtime's own.
     */
    public ComponentProxyHandlerFactory(ComponentRuntime runtime) {
        this.shared = Objects.requireNonNull(runtime, "runtime");
    }

    /** Guest output goes to {@link #GUEST_LOG}, in the container's own logs. */
    @Override
    public ProxyHandler<RequestContext> create(WasmletSettings settings) {
        return create(settings, GUEST_LOG::info, GUEST_LOG::warn);
    }

    /**
     * The pool of {@code settings}, with guest output lines going to the given sinks; the MDC
     * of those lines holds the component's file name under {@value ComponentHandlerState#MDC_COMPONENT}.
     *
     * @throws IllegalArgumentException when the engine is not on the class path, or is not the
     *     shared runtime's
     * @throws IllegalStateException when the engine cannot run here (its native library does not load)
     * @throws dev.wasmlet.runtime.WasmletException when the component does not load or link
     */
    @Override
    public ProxyHandler<RequestContext> create(WasmletSettings settings, Consumer<String> stdoutLines,
                                               Consumer<String> stderrLines) {
        if (shared != null) {
            if (!shared.engine().name().equals(settings.engine())) {
                throw new IllegalArgumentException("engine: " + settings.engine() + " is not the engine of the"
                        + " runtime this factory shares (" + shared.engine().name() + ")");
            }
            return create(settings, shared, stdoutLines, stderrLines).build();
        }
        ComponentRuntime runtime = ComponentRuntime.withEngine(settings.engine(), settings.cacheDirectory(),
                CoreEngine.DEFAULT_MAX_MEMORY_BYTES);
        try {
            return create(settings, runtime, stdoutLines, stderrLines).closeOnTermination(runtime).build();
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
    }

    private ProxyHandler.Builder<RequestContext> create(WasmletSettings settings, ComponentRuntime runtime,
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
        ComponentHandlerState<RequestContext> state = new ComponentHandlerState<>(settings.componentFileName(),
                linked::instantiate, environment(settings), settings.workerPolicy(), settings.loggingPrefix(),
                stdoutLines, stderrLines, RequestContext::requestId);
        ProxyHandler.Builder<RequestContext> builder = ProxyHandler.builder(state)
                .maxInstances(settings.maxInstances())
                .warmInstances(settings.warmInstances())
                .name("wasmlet-" + settings.componentFileName());
        settings.capacity().ifPresent(builder::capacity);
        return builder;
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
