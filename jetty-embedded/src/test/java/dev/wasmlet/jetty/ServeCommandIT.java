package dev.wasmlet.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasmlet serve} as a separate process, as a user runs it. */
@Timeout(180)
class ServeCommandIT {
    private static final Path JAR = Path.of(System.getProperty("wasmlet.jar", "target/wasmlet.jar"));
    private static final Path COMPONENT = Path.of("..", "guests", "fixtures", "c-freestanding.wasm")
            .toAbsolutePath().normalize();
    private static final Pattern SERVING = Pattern.compile("Serving HTTP on http://127\\.0\\.0\\.1:(\\d+)/");

    // HTTP/1.1: the JDK client would otherwise upgrade to h2c, and Java 17's client fails streams
    // still in flight when a draining server sends GOAWAY.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Served> started = new ArrayList<>();

    @TempDir
    Path dir;

    /** A running {@code wasmlet serve}, its output captured in files. */
    private record Served(Process process, Path out, Path err, int port) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }
    }

    @AfterEach
    void stopAll() {
        for (Served s : started) {
            s.process().destroyForcibly();
        }
    }

    private Process launch(Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "serve",
                "--cache-directory", System.getProperty("wasmlet.test.cacheDirectory", dir.resolve("cache").toString())));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private Served serve(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        List<String> all = new ArrayList<>(List.of("--addr", "127.0.0.1:0"));
        all.addAll(List.of(args));
        all.add(COMPONENT.toString());
        Process process = launch(out, err, all.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = SERVING.matcher(Files.readString(err));
            if (m.find()) {
                Served s = new Served(process, out, err, Integer.parseInt(m.group(1)));
                started.add(s);
                return s;
            }
            if (!process.isAlive()) {
                throw new AssertionError("serve exited " + process.exitValue() + ": " + Files.readString(err));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("no startup line: " + Files.readString(err));
    }

    private HttpResponse<String> get(Served s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitText(Served s, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(s.stdout() + s.stderr()).contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void servesOnAFreePortAndPrintsTheStartupLineToStderr() throws Exception {
        Served s = serve();
        assertNotEquals(0, s.port());
        HttpResponse<String> r = get(s, "/");
        assertEquals(200, r.statusCode());
        assertEquals("Hello, WASI!", r.body());
        assertFalse(s.stdout().contains("Serving HTTP"), "the startup line goes to stderr");
    }

    @Test
    void speaksH2cToo() throws Exception {
        Served s = serve();
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/hello"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals("Hello, WASI!", r.body());
    }

    @Test
    void envSetsAVariableAndAnUnsetOneStaysUnset() throws Exception {
        Served s = serve("--env", "FOO=bar");
        assertEquals("env: bar", get(s, "/env", "env", "FOO").body());
        HttpResponse<String> unset = get(s, "/env", "env", "WASMLET_SURELY_UNSET");
        assertEquals(404, unset.statusCode());
        assertEquals("env: unset", unset.body());
    }

    @Test
    void headerReplacesTheRequestHeaderOfThatName() throws Exception {
        Path file = dir.resolve("headers.txt");
        Files.writeString(file, "\nx-from-file: yes\n\n");
        Served s = serve("--env", "FOO=bar", "--header", "env: FOO", "--header", "@" + file);
        assertEquals("env: bar", get(s, "/env", "env", "SOMETHING_ELSE").body());
        HttpResponse<String> echo = get(s, "/echo", "x-from-file", "no");
        assertEquals(List.of("yes"), echo.headers().allValues("x-echo-x-from-file"));
    }

    @Test
    void guestOutputIsTaggedWithTheInstanceId() throws Exception {
        Served s = serve();
        assertEquals("printed", get(s, "/print").body());
        awaitText(s, "error line");
        String out = s.stdout();
        Matcher m = Pattern.compile("stdout \\[(\\d+)\\] :: line one\\n").matcher(out);
        assertTrue(m.find(), out);
        String id = m.group(1);
        assertTrue(out.contains("stdout [" + id + "] :: \n"), "the empty line is kept: " + out);
        assertTrue(out.contains("stdout [" + id + "] :: line three\n"), "partial writes are joined: " + out);
        assertTrue(s.stderr().contains("stderr [" + id + "] :: error line"), s.stderr());
    }

    @Test
    void noLoggingPrefixPrintsGuestOutputAsItIs() throws Exception {
        Served s = serve("--no-logging-prefix");
        get(s, "/print");
        awaitText(s, "error line");
        assertTrue(s.stdout().contains("line one\n\nline three\n"), s.stdout());
        assertFalse(s.stdout().contains(":: "), s.stdout());
    }

    @Test
    void aBusyLoopPastTheRequestTimeoutIs504AndTheServerGoesOn() throws Exception {
        Served s = serve("--request-timeout", "300ms");
        HttpResponse<String> r = get(s, "/busy");
        assertEquals(504, r.statusCode());
        assertTrue(r.body().contains("guest timed out"), r.body());
        assertEquals("Hello, WASI!", get(s, "/").body());
    }

    /** The native engine from the command line: it serves, and its epoch deadline stops a busy guest. */
    @Test
    void engineWasmtimeServesAndStopsABusyLoopAtTheRequestTimeout() throws Exception {
        Served s = serve("--engine", "wasmtime", "--request-timeout", "300ms");
        assertEquals("Hello, WASI!", get(s, "/").body());
        HttpResponse<String> r = get(s, "/busy");
        assertEquals(504, r.statusCode());
        assertTrue(r.body().contains("guest timed out"), r.body());
        assertEquals("Hello, WASI!", get(s, "/").body());
        assertTrue(s.stderr().contains(" core modules) on wasmtime in "), s.stderr());
    }

    @Test
    void aFullPoolIs503WithRetryAfterOnceTheWaitRunsOut() throws Exception {
        Served s = serve("--max-instances", "1", "--warm-instances", "0", "--pool-wait-timeout", "200ms");
        CompletableFuture<HttpResponse<String>> holder = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/sleep?ms=3000")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        HttpResponse<String> refused = get(s, "/");
        assertEquals(503, refused.statusCode());
        assertTrue(refused.headers().firstValue("retry-after").isPresent(), refused.headers().toString());
        assertEquals("slept", holder.get(30, TimeUnit.SECONDS).body());
        assertEquals("Hello, WASI!", get(s, "/").body());
    }

    @Test
    void aSecondServerOnTheSameAddressFailsClearly() throws Exception {
        Served first = serve();
        Path out = dir.resolve("second-out.txt");
        Path err = dir.resolve("second-err.txt");
        Process second = launch(out, err, "--addr", "127.0.0.1:" + first.port(), COMPONENT.toString());
        assertTrue(second.waitFor(90, TimeUnit.SECONDS));
        assertEquals(1, second.exitValue());
        String message = Files.readString(err);
        assertTrue(message.contains("error: cannot listen on 127.0.0.1:" + first.port()), message);
        assertEquals("Hello, WASI!", get(first, "/").body(), "the first server still serves");
    }

    @Test
    void aBadOptionOrAMissingFileIsOneClearLine() throws Exception {
        Path out = dir.resolve("o.txt");
        Path err = dir.resolve("e.txt");
        Process bad = launch(out, err, "--max-instances", "many", COMPONENT.toString());
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
        assertTrue(Files.readString(err).contains("maxInstances"), Files.readString(err));
        Process missing = launch(out, err, dir.resolve("nothing.wasm").toString());
        assertTrue(missing.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, missing.exitValue());
        assertTrue(Files.readString(err).contains("nothing.wasm"), Files.readString(err));
    }

    @Test
    void sigtermDrainsRequestsInFlightAndExitsZero() throws Exception {
        Served s = serve();
        CompletableFuture<HttpResponse<String>> sleeping = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/sleep?ms=1500")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        s.process().destroy(); // SIGTERM
        HttpResponse<String> r = sleeping.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("slept", r.body());
        assertTrue(s.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, s.process().exitValue());
    }
}
