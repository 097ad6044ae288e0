package dev.wasmlet.servlet;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;

/**
 * An embedded servlet container on a loopback port, configured the same way whichever it is:
 * context-params, a declared {@link RecordingListener}, servlets with init-params, and a web
 * application directory for {@code /WEB-INF/...} files. One per test.
 */
abstract class ServletContainer {
    /** A servlet to register: an instance, or a class the container instantiates. */
    record ServletSpec(String name, Servlet instance, Class<? extends Servlet> type, Map<String, String> initParams,
                       List<String> mappings) {
    }

    final Map<String, String> contextParams = new LinkedHashMap<>();
    final List<ServletSpec> servlets = new ArrayList<>();
    boolean listener = true;
    final Path webapp;
    /** The lines the application wrote with {@code ServletContext.log}, as the container's logging got them. */
    final List<String> contextLog = new CopyOnWriteArrayList<>();

    ServletContainer() {
        try {
            webapp = Files.createTempDirectory("wasmlet-webapp");
            Files.createDirectories(webapp.resolve("WEB-INF"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServletContainer of(String name) {
        return switch (name) {
            case "jetty" -> new Jetty();
            case "tomcat" -> new Tomcat11();
            default -> throw new IllegalArgumentException(name);
        };
    }

    ServletContainer param(String name, String value) {
        contextParams.put(name, value);
        return this;
    }

    ServletContainer servlet(String name, Servlet instance, Map<String, String> initParams, String... mappings) {
        servlets.add(new ServletSpec(name, instance, null, initParams, List.of(mappings)));
        return this;
    }

    ServletContainer servlet(String name, Class<? extends Servlet> type, Map<String, String> initParams,
                             String... mappings) {
        servlets.add(new ServletSpec(name, null, type, initParams, List.of(mappings)));
        return this;
    }

    /** Writes a file of the web application, such as {@code WEB-INF/wasmlet.json}. */
    ServletContainer file(String path, String content) {
        try {
            Path p = webapp.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts; returns whether the context is available (its listener may have failed it). */
    abstract boolean start() throws Exception;

    abstract int port();

    abstract ServletContext servletContext();

    abstract String name();

    abstract void stop() throws Exception;

    static final class Jetty extends ServletContainer {
        private Server server;
        private ServerConnector connector;
        private ServletContextHandler context;

        @Override
        String name() {
            return "jetty";
        }

        @Override
        boolean start() throws Exception {
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            context = new ServletContextHandler("/");
            context.setBaseResourceAsPath(webapp);
            context.setLogger(contextLogger());
            contextParams.forEach(context::setInitParameter);
            if (listener) {
                context.addEventListener(new RecordingListener());
            }
            for (ServletSpec s : servlets) {
                ServletHolder holder = s.instance() != null ? new ServletHolder(s.name(), s.instance())
                        : new ServletHolder(s.name(), s.type());
                holder.setAsyncSupported(true);
                holder.setInitOrder(1);
                holder.setInitParameters(s.initParams());
                for (String m : s.mappings()) {
                    context.addServlet(holder, m);
                }
            }
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                return false;
            }
            return context.isAvailable();
        }

        /**
         * Jetty's ServletContext.log writes to the context's SLF4J logger at INFO (the server's
         * logging, in a distribution); this one records what it is given.
         */
        private Logger contextLogger() {
            return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                    (proxy, method, args) -> {
                        String m = method.getName();
                        if (method.getReturnType() == boolean.class) {
                            return m.equals("isInfoEnabled") || m.equals("isWarnEnabled") || m.equals("isErrorEnabled");
                        }
                        if ((m.equals("info") || m.equals("warn") || m.equals("error")) && args[0] instanceof String line) {
                            contextLog.add(line);
                        }
                        return method.getReturnType() == String.class ? "context" : null;
                    });
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        ServletContext servletContext() {
            return context.getServletContext();
        }

        @Override
        void stop() throws Exception {
            if (server != null) {
                server.stop();
            }
        }
    }

    static final class Tomcat11 extends ServletContainer {
        /** The java.util.logging parent of the contexts' loggers, which ServletContext.log writes to. */
        private static final java.util.logging.Logger HOST_LOG =
                java.util.logging.Logger.getLogger("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost]");

        private Tomcat tomcat;
        private Connector connector;
        private Context context;
        private final Handler contextLogHandler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                contextLog.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        @Override
        String name() {
            return "tomcat";
        }

        @Override
        boolean start() throws Exception {
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("wasmlet-tomcat").toString());
            connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            // Tomcat drops request trailers it is not told to allow.
            connector.setProperty("allowedTrailerHeaders", "x-checksum,x-other");
            tomcat.setConnector(connector);
            context = tomcat.addContext("", webapp.toString());
            contextParams.forEach(context::addParameter);
            if (listener) {
                context.addApplicationListener(RecordingListener.class.getName());
            }
            for (ServletSpec s : servlets) {
                Wrapper w = s.instance() != null ? Tomcat.addServlet(context, s.name(), s.instance())
                        : Tomcat.addServlet(context, s.name(), s.type().getName());
                w.setAsyncSupported(true);
                w.setLoadOnStartup(1);
                s.initParams().forEach(w::addInitParameter);
                for (String m : s.mappings()) {
                    context.addServletMapping(m, s.name());
                }
            }
            HOST_LOG.addHandler(contextLogHandler);
            tomcat.start();
            return context.getState().isAvailable();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        ServletContext servletContext() {
            return context.getServletContext();
        }

        @Override
        void stop() throws Exception {
            if (tomcat != null) {
                Tomcat t = tomcat;
                tomcat = null;
                t.stop();
                t.destroy();
                HOST_LOG.removeHandler(contextLogHandler);
            }
        }
    }
}
