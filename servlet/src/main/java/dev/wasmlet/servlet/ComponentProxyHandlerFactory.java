package dev.wasmlet.servlet;

import dev.wasmlet.handler.ComponentHandlerState;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.http.HttpComponent;
import dev.wasmlet.handler.http.HttpSettings;
import dev.wasmlet.handler.http.OutboundPolicy;
import dev.wasmlet.runtime.Component;
import dev.wasmlet.runtime.ComponentRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool of a configured component: loads and compiles it once, links it to the WASI and
 * {@code wasi:http} hosts, and makes a {@link ProxyHandler} whose workers follow the settings.
 * The default {@link ProxyHandlerFactory}, found by {@link java.util.ServiceLoader}.
 *
 * <p>One factory keeps one {@link ComponentRuntime} per engine and cache directory, so the pools
 * it makes of the same component (several pools of a web application, say) compile it once.
 */
public final class ComponentProxyHandlerFactory implements ProxyHandlerFactory {
    /** The logger guest output goes to: stdout lines at INFO, stderr lines at WARN. */
    public static final Logger GUEST_LOG = LoggerFactory.getLogger("dev.wasmlet.guest");

    private final Map<RuntimeKey, ComponentRuntime> runtimes = new ConcurrentHashMap<>();

    private record RuntimeKey(String engine, Optional<Path> cacheDirectory) {
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
     * @throws IllegalArgumentException when the engine is not available
     * @throws dev.wasmlet.runtime.WasmletException when the component does not load or link
     */
    @Override
    public ProxyHandler<RequestContext> create(WasmletSettings settings, Consumer<String> stdoutLines,
                                               Consumer<String> stderrLines) {
        if (!settings.engine().equals("endive")) {
            throw new IllegalArgumentException("engine: " + settings.engine()
                    + " is not available in this build; use endive");
        }
        ComponentRuntime runtime = runtimes.computeIfAbsent(
                new RuntimeKey(settings.engine(), settings.cacheDirectory()),
                k -> ComponentRuntime.withDefaultEngine(k.cacheDirectory()));
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
        return builder.build();
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
