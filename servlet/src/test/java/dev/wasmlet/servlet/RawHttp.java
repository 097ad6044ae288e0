package dev.wasmlet.servlet;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@code HttpClient} hides: chunked trailers, aborts, a
 * client that stops reading.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final InputStream in;
    /** Bytes left of the chunk {@link #readChunked} is in. */
    private int chunkLeft;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a request head; {@code headers} are full lines such as {@code "Host: localhost"}. */
    void head(String requestLine, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(requestLine).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void chunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Ends a chunked body with {@code trailers}, full lines such as {@code "X-Checksum: abc"}. */
    void lastChunk(String... trailers) throws IOException {
        StringBuilder b = new StringBuilder("0\r\n");
        for (String t : trailers) {
            b.append(t).append("\r\n");
        }
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Closes with a reset, as a client that crashed or gave up. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A response as read off the wire. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body, Map<String, String> trailers,
                 boolean complete) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads the next {@code n} bytes of a chunked body whose head {@link #readHead} read, across
     * chunk boundaries; what is left of a chunk is kept for the next call.
     */
    byte[] readChunked(int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (b.size() < n) {
            if (chunkLeft == 0) {
                String size = line();
                if (size.isEmpty()) {
                    size = line(); // the CRLF that ended the previous chunk
                }
                int semi = size.indexOf(';');
                chunkLeft = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                if (chunkLeft == 0) {
                    throw new EOFException("the body ended after " + b.size() + " of " + n + " bytes");
                }
            }
            int take = Math.min(chunkLeft, n - b.size());
            b.write(in.readNBytes(take));
            chunkLeft -= take;
        }
        return b.toByteArray();
    }

    /** Reads the status line and headers only. */
    Reply readHead() throws IOException {
        String status = line();
        String[] parts = status.split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, c).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(c + 1).strip());
        }
        return new Reply(Integer.parseInt(parts[1]), headers, new byte[0], Map.of(), false);
    }

    /** Reads a whole response; {@code complete} is false when the connection ended inside the body. */
    Reply read() throws IOException {
        Reply head = readHead();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> trailers = new LinkedHashMap<>();
        boolean complete = true;
        try {
            if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                    if (n == 0) {
                        for (String l = line(); !l.isEmpty(); l = line()) {
                            int c = l.indexOf(':');
                            trailers.put(l.substring(0, c).strip().toLowerCase(Locale.ROOT),
                                    l.substring(c + 1).strip());
                        }
                        break;
                    }
                    body.write(in.readNBytes(n));
                    if (!line().isEmpty()) {
                        throw new IOException("bad chunk");
                    }
                }
            } else if (head.header("content-length") != null) {
                int n = Integer.parseInt(head.header("content-length"));
                byte[] b = in.readNBytes(n);
                body.write(b);
                complete = b.length == n;
            } else {
                body.write(in.readAllBytes());
            }
        } catch (EOFException | java.net.SocketException e) {
            complete = false;
        }
        return new Reply(head.status(), head.headers(), body.toByteArray(), trailers, complete);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed; read so far: " + b.toString(StandardCharsets.ISO_8859_1));
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
