package dev.wasmlet.servlet;

import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.servlet.internal.Exchange;
import dev.wasmlet.servlet.internal.PoolBinding;
import dev.wasmlet.servlet.internal.PoolDefinitions;
import dev.wasmlet.servlet.internal.RequestIds;
import dev.wasmlet.servlet.internal.ServletLogs;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * A servlet that serves every request mapped to it with a WebAssembly {@code wasi:http}
 * component, through a shared pool of guest instances.
 *
 * <p>Each request runs asynchronously: the container thread converts it to a {@link
 * dev.wasmlet.handler.Request} and returns; the request body streams to the guest as it asks for
 * it, and the response streams back as the client can take it (non-blocking {@code
 * ReadListener} and {@code WriteListener}), with trailers both ways. Every request gets a short
 * id, logged under the MDC key {@value RequestContext#MDC_REQUEST_ID} and named in error
 * responses: 503 with {@code Retry-After} when the pool stays full for {@code poolWaitTimeout},
 * 504 when the guest times out, 500 when it fails, 413 when the body exceeds {@code
 * maxRequestBodySize}. A client that goes away cancels its request and frees its instance.
 *
 * <p>The servlet must be registered with async support ({@code
 * <async-supported>true</async-supported>}). Its pool is either
 * <ul>
 *   <li>looked up in the servlet context (no-argument constructor, as from web.xml): the pool
 *       named by the init-param {@code pool}, or the only one that {@link WasmPoolListener}
 *       started; init-params holding settings make the listener start a pool for this servlet,
 *       named after it; or</li>
 *   <li>given in code ({@link #WasmProxyServlet(ProxyHandler, WasmletSettings)}), as the embedded
 *       server does; its owner shuts it down.</li>
 * </ul>
 */
public class WasmProxyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ProxyHandler<RequestContext> given;
    private final transient WasmletSettings givenSettings;
    private transient PoolBinding pool;

    /** A servlet whose pool {@link WasmPoolListener} made (see the class comment). */
    public WasmProxyServlet() {
        this.given = null;
        this.givenSettings = null;
    }

    /** A servlet serving with {@code pool}, with the default body limit and pool wait. */
    public WasmProxyServlet(ProxyHandler<RequestContext> pool) {
        this.given = Objects.requireNonNull(pool, "pool");
        this.givenSettings = null;
    }

    /**
     * A servlet serving with {@code pool}, applying the servlet's side of {@code settings}:
     * {@code maxRequestBodySize}, {@code poolWaitTimeout} and {@code headers}.
     */
    public WasmProxyServlet(ProxyHandler<RequestContext> pool, WasmletSettings settings) {
        this.given = Objects.requireNonNull(pool, "pool");
        this.givenSettings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void init() throws ServletException {
        ServletLogs logs = ServletLogs.of(getServletContext());
        if (given != null) {
            String name = givenSettings != null ? givenSettings.componentFileName() : getServletName();
            pool = givenSettings != null ? PoolBinding.of(name, given, givenSettings, logs)
                    : PoolBinding.withDefaults(name, given, logs);
            return;
        }
        pool = lookUp(getServletContext(), logs);
        log("serving with pool " + pool.name());
    }

    @SuppressWarnings("unchecked")
    private PoolBinding lookUp(ServletContext ctx, ServletLogs logs) throws ServletException {
        List<String> problems = new ArrayList<>();
        List<String> initParams = Collections.list(getInitParameterNames());
        PoolDefinitions.checkInitParams(getServletName(), initParams, problems);
        if (!problems.isEmpty()) {
            throw new ServletException(new SettingsException(problems).getMessage());
        }
        boolean definesPool = initParams.stream().anyMatch(n -> WasmletSettings.Key.forName(n) != null);
        String wanted = getInitParameter(PoolDefinitions.POOL_PARAM);
        if (wanted == null && definesPool) {
            wanted = getServletName();
        }
        List<String> names = WasmPoolListener.poolNames(ctx);
        if (wanted == null) {
            if (names.size() != 1) {
                throw new ServletException("servlet " + getServletName() + ": " + (names.isEmpty()
                        ? "no Wasmlet pool in this context: declare " + WasmPoolListener.class.getName()
                        + " as a listener and configure a component (context-param component, or "
                        + PoolDefinitions.CONFIG_PARAM + ")"
                        : "the context has pools " + names + "; name one with init-param pool"));
            }
            wanted = names.get(0);
        }
        Object handler = ctx.getAttribute(WasmPoolListener.POOL_ATTRIBUTE_PREFIX + wanted);
        Object settings = ctx.getAttribute(WasmPoolListener.SETTINGS_ATTRIBUTE_PREFIX + wanted);
        if (!(handler instanceof ProxyHandler<?>) || !(settings instanceof WasmletSettings s)) {
            throw new ServletException("servlet " + getServletName() + ": no Wasmlet pool named " + wanted
                    + (definesPool ? " (its init-params define one, but no " + WasmPoolListener.class.getSimpleName()
                    + " read them: declare the listener in web.xml, as a listener added by code cannot see servlet"
                    + " init-params)" : "") + "; the context has pools " + names);
        }
        return PoolBinding.of(wanted, (ProxyHandler<RequestContext>) handler, s, logs);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(Exchange.ABORT_ATTRIBUTE) != null) {
            request.removeAttribute(Exchange.ABORT_ATTRIBUTE);
            // Thrown on purpose: the container closes a committed response's connection on an error.
            throw new BrokenResponse();
        }
        if (!request.isAsyncSupported()) {
            throw new ServletException("servlet " + getServletName() + " needs async support: add"
                    + " <async-supported>true</async-supported> to its servlet element");
        }
        String id = RequestIds.next();
        MDC.put(RequestContext.MDC_REQUEST_ID, id);
        MDC.put(RequestContext.MDC_POOL, pool.name());
        try {
            new Exchange(pool, request, response, id).start();
        } finally {
            MDC.remove(RequestContext.MDC_REQUEST_ID);
            MDC.remove(RequestContext.MDC_POOL);
        }
    }

    /**
     * Thrown in the dispatch that breaks a committed response (see {@link Exchange}); the cause
     * was logged already, so it carries no stack trace.
     */
    static final class BrokenResponse extends IOException {
        private static final long serialVersionUID = 1L;

        BrokenResponse() {
            super("Wasmlet broke the connection on purpose: the response failed after it was committed"
                    + " (the WARN line before this one says why)");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The pool this servlet serves with (after {@link #init()}). */
    public ProxyHandler<RequestContext> pool() {
        return pool == null ? null : pool.handler();
    }
}
