package dev.wasmlet.servlet;

import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.servlet.internal.PoolDefinitions;
import dev.wasmlet.servlet.internal.PoolMBean;
import dev.wasmlet.servlet.internal.ServletLogs;
import dev.wasmlet.servlet.internal.Values;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;

/**
 * Starts and stops the guest pools of a web application: the shared {@link ProxyHandler}s that
 * {@link WasmProxyServlet}s hand their requests to.
 *
 * <p>At context start it reads the configuration (web.xml parameters, or the JSON file named by
 * the context-param {@value PoolDefinitions#CONFIG_PARAM}; see {@link WasmletSettings} for the
 * keys), fails the start with every problem found, and makes each pool through the {@link
 * ProxyHandlerFactory} that {@link ServiceLoader} finds. Each pool is published as the context
 * attribute {@value #POOL_ATTRIBUTE_PREFIX}{@code <name>} (its settings as {@value
 * #SETTINGS_ATTRIBUTE_PREFIX}{@code <name>}) and as the JMX MBean {@code
 * dev.wasmlet:type=Pool,context=<contextPath>,name=<pool or component file>}.
 *
 * <p>Guest output and the listener's and servlets' log lines go through SLF4J; when the web
 * application has no SLF4J provider (SLF4J falls back to NOP), guest output and the warnings
 * and errors go to {@link ServletContext#log} instead, as one line in that log says at start.
 *
 * <p>At context stop (after the container destroyed the servlets) it stops every pool taking
 * requests, lets those in flight finish within {@code drainTimeout}, interrupts the rest, and
 * unregisters the MBeans; failures are collected and logged once at the end, so that no clean-up
 * is skipped.
 *
 * <p>Declare it in web.xml ({@code <listener>}) to let servlets' init-params define pools: a
 * listener added by code may not read servlet registrations.
 *
 * <p>One lifecycle: it starts once ({@code NEW → STARTING → STARTED}) and stops once ({@code
 * STOPPING → STOPPED}); stopping again is a no-op, starting again fails with the state.
 */
public class WasmPoolListener implements ServletContextListener {
    /** Prefix of the context attribute holding a pool's {@code ProxyHandler<RequestContext>}. */
    public static final String POOL_ATTRIBUTE_PREFIX = "dev.wasmlet.pool.";
    /** Prefix of the context attribute holding a pool's {@link WasmletSettings}. */
    public static final String SETTINGS_ATTRIBUTE_PREFIX = "dev.wasmlet.settings.";

    /** Time given to a pool beyond its drain timeout for its workers to exit after the interrupt. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    /** The lifecycle states. */
    public enum State {
        NEW, STARTING, STARTED, STOPPING, STOPPED, FAILED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final List<Started> pools = new ArrayList<>();
    private ServletContext context;
    private ServletLogs logs;
    private Logger log;

    private record Started(String name, ProxyHandler<RequestContext> handler, WasmletSettings settings,
                           ObjectName objectName) {
    }

    /** The listener's state. */
    public State state() {
        return state.get();
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            throw new IllegalStateException("WasmPoolListener is " + state.get() + "; it starts once");
        }
        context = event.getServletContext();
        logs = ServletLogs.of(context);
        log = logs.logger(WasmPoolListener.class.getName(), WasmPoolListener.class.getSimpleName());
        try {
            List<PoolDefinitions.Definition> definitions = PoolDefinitions.read(context, WasmProxyServlet.class);
            ProxyHandlerFactory factory = factory(context);
            for (PoolDefinitions.Definition d : definitions) {
                start(d, factory);
            }
            state.set(State.STARTED);
        } catch (RuntimeException e) {
            state.set(State.FAILED);
            log.error("context {}: the Wasmlet pools did not start: {}", contextName(), e.getMessage());
            stopAll();
            throw e;
        }
    }

    private void start(PoolDefinitions.Definition d, ProxyHandlerFactory factory) {
        WasmletSettings s = d.settings();
        log.info("pool {}: starting {} ({} engine, at most {} instances, {} warm)", d.name(), s.component(),
                s.engine(), s.maxInstances(), s.warmInstances());
        long began = System.nanoTime();
        ProxyHandler<RequestContext> handler;
        try {
            Logger guest = logs.guestLogger("pool " + d.name() + ", " + s.componentFileName());
            handler = factory.create(s, guest::info, guest::warn);
        } catch (RuntimeException e) {
            throw new IllegalStateException("pool " + d.name() + ": cannot start " + s.component() + ": "
                    + e.getMessage(), e);
        }
        if (handler == null) {
            throw new IllegalStateException("pool " + d.name() + ": " + factory.getClass().getName()
                    + " returned no pool");
        }
        ObjectName preferred = PoolMBean.objectName(context.getContextPath(),
                d.named() ? d.name() : s.componentFileName());
        pools.add(new Started(d.name(), handler, s, null));
        ObjectName objectName = register(d.name(), new PoolMBean(d.name(), handler, s), preferred);
        pools.set(pools.size() - 1, new Started(d.name(), handler, s, objectName));
        context.setAttribute(POOL_ATTRIBUTE_PREFIX + d.name(), handler);
        context.setAttribute(SETTINGS_ATTRIBUTE_PREFIX + d.name(), s);
        log.info("pool {}: ready in {} ms, JMX {}", d.name(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), objectName);
    }

    /**
     * Registers {@code mbean} as {@code preferred}, or, when another deployment of the same context
     * path holds that name, as {@code preferred} plus {@code ,instance=N}. Two deployments of one
     * context path run at once in a JVM more often than one would think: Jetty 12.1 redeploys by
     * starting the new application before it stops the old one, Tomcat runs versions side by side
     * (parallel deployment, {@code ROOT##2.war}), and virtual hosts may share context paths.
     */
    private ObjectName register(String pool, PoolMBean mbean, ObjectName preferred) {
        ObjectName name = preferred;
        for (int instance = 2; ; instance++) {
            try {
                mbeanServer().registerMBean(mbean, name);
                if (name != preferred) {
                    log.info("pool {}: the JMX name {} is taken by another deployment of context path {}; using {}",
                            pool, preferred, contextName(), name);
                }
                return name;
            } catch (InstanceAlreadyExistsException e) {
                if (instance > 1000) {
                    throw new IllegalStateException("pool " + pool + ": the JMX name " + preferred
                            + " and 999 variants of it are taken", e);
                }
                try {
                    name = new ObjectName(preferred + ",instance=" + instance);
                } catch (javax.management.MalformedObjectNameException bad) {
                    throw new IllegalStateException(bad);
                }
            } catch (JMException e) {
                throw new IllegalStateException("pool " + pool + ": cannot register " + name + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * The factory that makes pools: the one {@link ServiceLoader} finds in the web application's
     * class loader. The built-in {@link ComponentProxyHandlerFactory} is the default: any other
     * factory found replaces it. Override to supply one in code.
     *
     * @throws IllegalStateException when there is none, or more than one besides the default
     */
    protected ProxyHandlerFactory factory(ServletContext ctx) {
        Map<String, ProxyHandlerFactory> found = new LinkedHashMap<>();
        try {
            for (ProxyHandlerFactory f : ServiceLoader.load(ProxyHandlerFactory.class,
                    PoolDefinitions.classLoader(ctx))) {
                found.putIfAbsent(f.getClass().getName(), f);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load the ProxyHandlerFactory: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + ProxyHandlerFactory.class.getName() + " found: put the Wasmlet"
                    + " jar that loads components (it declares META-INF/services/"
                    + ProxyHandlerFactory.class.getName() + ") in WEB-INF/lib");
        }
        if (found.size() > 1) {
            found.remove(ComponentProxyHandlerFactory.class.getName());
        }
        if (found.size() > 1) {
            throw new IllegalStateException("several " + ProxyHandlerFactory.class.getSimpleName() + "s found: "
                    + String.join(", ", found.keySet()) + " besides the default; keep one in the class path");
        }
        return found.values().iterator().next();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            return;
        }
        if (!state.compareAndSet(State.STARTED, State.STOPPING)) {
            return; // stopped already, failed (and cleaned up), or stopping
        }
        try {
            stopAll();
        } finally {
            state.set(State.STOPPED);
        }
    }

    /** Stops every started pool; collects failures and logs them once. */
    private void stopAll() {
        List<String> failures = new ArrayList<>();
        Map<Started, CompletableFuture<Void>> stopping = new LinkedHashMap<>();
        for (Started p : pools) {
            try {
                context.removeAttribute(POOL_ATTRIBUTE_PREFIX + p.name());
                context.removeAttribute(SETTINGS_ATTRIBUTE_PREFIX + p.name());
                var stats = p.handler().statistics();
                log.info("pool {}: stopping; {} requests in flight may finish within {}", p.name(), stats.busy(),
                        Values.formatDuration(p.settings().drainTimeout()));
                stopping.put(p, p.handler().shutdown(p.settings().drainTimeout()));
            } catch (RuntimeException e) {
                failures.add("pool " + p.name() + ": " + e);
            }
        }
        stopping.forEach((p, done) -> {
            Duration wait = p.settings().drainTimeout().plus(STOP_MARGIN);
            try {
                done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
                // The future completes on a pool thread just before it ends: wait for the threads
                // themselves, or the container may find them alive when the application has stopped.
                if (!p.handler().awaitTermination(STOP_MARGIN)) {
                    failures.add("pool " + p.name() + ": its threads still run " + Values.formatDuration(STOP_MARGIN)
                            + " after it terminated");
                }
                log.info("pool {}: stopped", p.name());
            } catch (TimeoutException e) {
                failures.add("pool " + p.name() + ": workers still running " + Values.formatDuration(wait)
                        + " after the stop began");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("pool " + p.name() + ": interrupted while stopping");
            } catch (Exception e) {
                failures.add("pool " + p.name() + ": " + e);
            }
        });
        for (Started p : pools) {
            if (p.objectName() == null) {
                continue;
            }
            try {
                mbeanServer().unregisterMBean(p.objectName());
            } catch (JMException | RuntimeException e) {
                failures.add("pool " + p.name() + ": cannot unregister " + p.objectName() + ": " + e);
            }
        }
        pools.clear();
        if (!failures.isEmpty()) {
            log.warn("context {}: stopping the Wasmlet pools: {}", contextName(), String.join("; ", failures));
        }
    }

    private String contextName() {
        String path = context == null ? "" : context.getContextPath();
        return path.isEmpty() ? "/" : path;
    }

    private static MBeanServer mbeanServer() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    /** The names of the pools published in {@code ctx}, sorted. */
    static List<String> poolNames(ServletContext ctx) {
        List<String> names = new ArrayList<>();
        for (String attribute : Collections.list(ctx.getAttributeNames())) {
            if (attribute.startsWith(POOL_ATTRIBUTE_PREFIX)) {
                names.add(attribute.substring(POOL_ATTRIBUTE_PREFIX.length()));
            }
        }
        Collections.sort(names);
        return names;
    }
}
