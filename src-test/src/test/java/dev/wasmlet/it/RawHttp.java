package dev.wasmlet.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, for what {@code java.net.http} does not show:
 * chunked trailers both ways, and several requests on one connection. Every read is bounded by
 * the socket timeout.
 */
final class RawHttp implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A parsed response; header and trailer names are lower-case. */
    record Response(int status, Map<String, List<String>> headers, byte[] body, Map<String, String> trailers,
                    boolean chunked) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends raw bytes (the request line, headers and body as the test writes them). */
    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response (skipping interim 1xx responses); {@code head} for a HEAD request. */
    Response read(boolean head) throws IOException {
        while (true) {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") && !statusLine.startsWith("HTTP/1.0 ")) {
                throw new IOException("not a status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, List<String>> headers = fields();
            if (status >= 100 && status < 200) {
                continue;
            }
            if (head || status == 204 || status == 304) {
                return new Response(status, headers, new byte[0], Map.of(), false);
            }
            List<String> te = headers.get("transfer-encoding");
            if (te != null && te.get(te.size() - 1).toLowerCase(Locale.ROOT).contains("chunked")) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    String sizeLine = line();
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
                    if (size == 0) {
                        break;
                    }
                    body.write(in.readNBytes(size));
                    if (!line().isEmpty()) {
                        throw new IOException("chunk not followed by CRLF");
                    }
                }
                Map<String, String> trailers = new LinkedHashMap<>();
                fields().forEach((k, v) -> trailers.put(k, String.join(", ", v)));
                return new Response(status, headers, body.toByteArray(), trailers, true);
            }
            List<String> length = headers.get("content-length");
            if (length != null) {
                int n = Integer.parseInt(length.get(0).strip());
                byte[] body = in.readNBytes(n);
                if (body.length != n) {
                    throw new EOFException("body ended after " + body.length + " of " + n + " bytes");
                }
                return new Response(status, headers, body, Map.of(), false);
            }
            return new Response(status, headers, in.readAllBytes(), Map.of(), false);
        }
    }

    /** Reads and drops {@code n} bytes of whatever comes (the start of a response). */
    void readSome(int n) throws IOException {
        byte[] got = in.readNBytes(n);
        if (got.length != n) {
            throw new EOFException("the server sent " + got.length + " bytes, not " + n);
        }
    }

    /** Whether the server closed the connection (a read returns end of stream), waiting at most {@code millis}. */
    boolean closedByServer(int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout(before);
        }
    }

    private Map<String, List<String>> fields() throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        while (true) {
            String l = line();
            if (l.isEmpty()) {
                return fields;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed field line: " + l);
            }
            fields.computeIfAbsent(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).strip());
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed in the middle of a line: " + b);
            }
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            if (b.size() > 65_536) {
                throw new IOException("line longer than 64 KiB");
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
