package dev.wasmlet.bench;

import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.http.HttpComponent;
import dev.wasmlet.handler.http.HttpInstance;
import dev.wasmlet.handler.http.HttpSettings;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.wasi.WasiContext;
import dev.wasmlet.servlet.ComponentProxyHandlerFactory;
import dev.wasmlet.servlet.RequestContext;
import dev.wasmlet.servlet.WasmProxyServlet;
import dev.wasmlet.servlet.WasmletSettings;
import jakarta.servlet.http.HttpServlet;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (e) The body copy path: a request body of {@code size} bytes sent to the guests' {@code /echo}
 * route and read back, against plain copies of the same bytes in the same run.
 * <ul>
 *   <li>{@code copy}: the bytes copied into a new array through a 16 KiB buffer, as a read/write
 *       loop does: the least any host does.</li>
 *   <li>{@code handle}: {@code HttpInstance.handle(POST /echo)} on one reused instance, no HTTP:
 *       the request body through {@code BodySource} and the guest's {@code input-stream}, the
 *       response through its {@code output-stream} and {@code StreamedBody}.</li>
 *   <li>{@code servlet}: the same through {@code WasmProxyServlet} in the Jetty set-up of {@code
 *       wasmlet serve} (reuse mode), over one loopback keep-alive connection: adds the
 *       sockets, HTTP, {@code RequestBody} and {@code ResponseWriter}.</li>
 *   <li>{@code servletCeiling}: a plain blocking echo servlet in the same Jetty set-up over the
 *       same kind of connection: what that path costs with no WebAssembly.</li>
 * </ul>
 * The JS fixture is left out: it answers only one request per instance.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BodyBenchmark {
    /** Bytes the {@code copy} baseline moves at a time (a servlet container's read size). */
    private static final int COPY_BUFFER = 16 * 1024;

    /** The request body: {@code size} random bytes. */
    @State(Scope.Benchmark)
    public static class Payload {
        @Param({"1024", "65536", "1048576"})
        public int size;

        byte[] bytes;
        /** The raw HTTP/1.1 request carrying {@link #bytes} to {@code /echo}. */
        byte[] httpRequest;

        @Setup
        public void fill() {
            bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            byte[] head = ("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + size
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            httpRequest = new byte[head.length + size];
            System.arraycopy(head, 0, httpRequest, 0, head.length);
            System.arraycopy(bytes, 0, httpRequest, head.length, size);
        }
    }

    /** One instance of the fixture, serving every request. */
    @State(Scope.Thread)
    public static class Guest {
        @Param({"c-freestanding", "c-libc", "rust"})
        public String fixture;

        private ComponentRuntime runtime;
        HttpInstance instance;

        @Setup
        public void instantiate() {
            runtime = ComponentRuntime.withDefaultEngine(Fixtures.sharedCache());
            instance = HttpComponent.load(runtime, Fixtures.fixture(fixture), HttpSettings.defaults())
                    .instantiate(WasiContext.defaults());
        }

        @TearDown
        public void close() {
            runtime.close();
        }
    }

    /**
     * A Jetty with one servlet on a loopback port, and one keep-alive connection to it from a
     * plain blocking socket client that reads each response to its end and counts its body.
     */
    public abstract static class Jetty {
        private Server jetty;
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final byte[] scratch = new byte[64 * 1024];

        void start(HttpServlet servlet, Payload payload) throws Exception {
            jetty = CeilingServer.server(servlet, "127.0.0.1", 0);
            jetty.start();
            socket = new Socket("127.0.0.1", CeilingServer.port(jetty));
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), scratch.length);
            echo(payload); // fails here, not in the measurement, when the echo is wrong
        }

        /** POSTs the payload to {@code /echo}; the length of the body that came back. */
        int echo(Payload payload) throws IOException {
            out.write(payload.httpRequest);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 200 ")) {
                throw new IllegalStateException("unexpected response: " + status);
            }
            long contentLength = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            long length = 0;
            if (!chunked) {
                length = skip(contentLength);
            } else {
                for (long n = chunkSize(); n > 0; n = chunkSize()) {
                    length += skip(n);
                    line();
                }
                while (!line().isEmpty()) { // trailers
                }
            }
            if (length != payload.size) {
                throw new IllegalStateException("echoed " + length + " of " + payload.size + " bytes");
            }
            return (int) length;
        }

        private long chunkSize() throws IOException {
            return Long.parseLong(line().split(";", 2)[0].trim(), 16);
        }

        private long skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (r < 0) {
                    throw new EOFException("the connection ended " + left + " bytes before the body");
                }
                left -= r;
            }
            return n;
        }

        /** One CRLF-terminated line, without the CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection ended in a line: " + line);
                }
                line.append((char) c);
            }
            return line.toString().strip();
        }

        void stop() throws Exception {
            socket.close();
            jetty.stop();
        }
    }

    /** The fixture behind {@code WasmProxyServlet}, one instance reused for every request. */
    @State(Scope.Benchmark)
    public static class WasmServlet extends Jetty {
        @Param({"c-freestanding", "c-libc", "rust"})
        public String fixture;

        private ProxyHandler<RequestContext> pool;

        @Setup
        public void start(Payload payload) throws Exception {
            WasmletSettings settings = WasmletSettings.builder()
                    .set("component", Fixtures.fixture(fixture).toString())
                    .set("cacheDirectory", Fixtures.sharedCache().orElseThrow().toString())
                    .set("maxInstanceReuseCount", "1000000")
                    .build();
            pool = new ComponentProxyHandlerFactory().create(settings, line -> { }, line -> { });
            start(new WasmProxyServlet(pool, settings), payload);
        }

        @TearDown
        public void close() throws Exception {
            stop();
            pool.shutdown(Duration.ofSeconds(5)).join();
        }
    }

    /** {@link CeilingServer}'s servlet, whose {@code /echo} copies with blocking streams. */
    @State(Scope.Benchmark)
    public static class PlainServlet extends Jetty {
        @Setup
        public void start(Payload payload) throws Exception {
            start(new CeilingServer.CeilingServlet(), payload);
        }

        @TearDown
        public void close() throws Exception {
            stop();
        }
    }

    @Benchmark
    public byte[] copy(Payload payload) {
        byte[] in = payload.bytes;
        byte[] buffer = new byte[COPY_BUFFER];
        byte[] out = new byte[in.length];
        for (int at = 0; at < in.length; at += COPY_BUFFER) {
            int n = Math.min(COPY_BUFFER, in.length - at);
            System.arraycopy(in, at, buffer, 0, n);
            System.arraycopy(buffer, 0, out, at, n);
        }
        return out;
    }

    @Benchmark
    public int handle(Payload payload, Guest guest) throws Exception {
        return Fixtures.handle(guest.instance, Fixtures.post("/echo", payload.bytes), payload.size);
    }

    @Benchmark
    public int servlet(Payload payload, WasmServlet server) throws Exception {
        return server.echo(payload);
    }

    @Benchmark
    public int servletCeiling(Payload payload, PlainServlet server) throws Exception {
        return server.echo(payload);
    }
}
