package dev.wasmlet.bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The ceiling of bench/load.sh: the embedded Jetty 12 of {@code wasmlet serve}, set up the same
 * way (HTTP/1.1 + h2c, a ServletContextHandler under a GracefulHandler), with a plain servlet
 * answering {@code Hello, WASI!} and no WebAssembly.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.wasmlet.bench.CeilingServer [HOST:PORT [--async]]}
 * ({@code --async}: {@link AsyncCeilingServlet});
 * prints {@code Serving HTTP on http://HOST:PORT/} on stderr like {@code wasmlet serve}.
 */
public final class CeilingServer {
    private static final byte[] BODY = "Hello, WASI!".getBytes(StandardCharsets.UTF_8);

    private CeilingServer() {
    }

    /**
     * The servlet: the guests' {@code /} route (the same bytes) and their {@code /echo} route
     * (the request body copied to the response as it is read, with blocking servlet streams).
     */
    public static final class CeilingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(200);
            if ("/echo".equals(request.getPathInfo())) {
                request.getInputStream().transferTo(response.getOutputStream());
                return;
            }
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }

    /**
     * The ceiling of an asynchronous servlet that answers from another thread, as {@code
     * WasmProxyServlet} does: the container thread starts async and hands the request to a worker
     * thread (a pool of the kind Wasmlet's workers run on), which registers a {@code WriteListener};
     * the container writes {@code Hello, WASI!} when the listener says it can, then completes. No
     * WebAssembly: this is what the servlet API's hand-offs alone cost.
     */
    public static final class AsyncCeilingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ExecutorService workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10,
                TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "ceiling-worker");
                    t.setDaemon(true);
                    return t;
                });

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            AsyncContext async = request.startAsync();
            workers.execute(() -> {
                try {
                    response.setStatus(200);
                    response.setContentLength(BODY.length);
                    ServletOutputStream out = response.getOutputStream();
                    out.setWriteListener(new WriteListener() {
                        @Override
                        public void onWritePossible() throws IOException {
                            out.write(BODY);
                            async.complete();
                        }

                        @Override
                        public void onError(Throwable t) {
                            async.complete();
                        }
                    });
                } catch (IOException e) {
                    async.complete();
                }
            });
        }
    }

    /** A Jetty server serving {@code servlet} on {@code /*} at {@code host:port}, set up as {@code wasmlet serve}'s. */
    static Server server(HttpServlet servlet, String host, int port) {
        Server jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("servlet", servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        jetty.setHandler(new GracefulHandler(context));
        return jetty;
    }

    /** The port {@code jetty}, started, listens on. */
    static int port(Server jetty) {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    public static void main(String[] args) throws Exception {
        String addr = args.length > 0 ? args[0] : "127.0.0.1:0";
        int colon = addr.lastIndexOf(':');
        String host = addr.substring(0, colon);
        int port = Integer.parseInt(addr.substring(colon + 1));

        boolean async = args.length > 1 && args[1].equals("--async");
        Server jetty = server(async ? new AsyncCeilingServlet() : new CeilingServlet(), host, port);
        jetty.start();
        System.err.println("Serving HTTP on http://" + host + ":" + port(jetty) + "/");
        jetty.join();
    }
}
