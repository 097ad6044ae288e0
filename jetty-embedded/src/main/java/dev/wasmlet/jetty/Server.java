package dev.wasmlet.jetty;

import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.servlet.RequestContext;
import dev.wasmlet.servlet.WasmProxyServlet;
import dev.wasmlet.servlet.WasmletSettings;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * One component served by an embedded Jetty 12 on one address, HTTP/1.1 and h2c. Stopping drains:
 * the connector closes, requests in flight finish (up to the drain timeout), then the pool goes.
 */
final class Server {
    private final org.eclipse.jetty.server.Server jetty = new org.eclipse.jetty.server.Server();
    private final ServerConnector connector;
    private final ProxyHandler<RequestContext> pool;
    private final WasmletSettings settings;
    private final String host;

    Server(ProxyHandler<RequestContext> pool, WasmletSettings settings, String host, int port) {
        this.pool = pool;
        this.settings = settings;
        this.host = host;
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(host.isEmpty() ? null : host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder("wasmlet", new WasmProxyServlet(pool, settings));
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/*");
        jetty.setHandler(new GracefulHandler(context));
        jetty.setStopTimeout(settings.drainTimeout().toMillis());
        jetty.setStopAtShutdown(false);
    }

    /** Binds and starts; an address in use is an {@link IOException}. */
    void start() throws IOException {
        try {
            jetty.start();
        } catch (IOException e) {
            stopQuietly();
            throw e;
        } catch (Exception e) {
            stopQuietly();
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Drains in-flight requests, then shuts the pool down. */
    void stop() {
        stopQuietly();
        pool.shutdown(settings.drainTimeout()).join();
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("warning: stopping the server: " + e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    String displayHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
