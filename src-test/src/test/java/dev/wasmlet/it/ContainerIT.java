package dev.wasmlet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The example WAR in a real container: one container process per test class, started with an
 * empty {@code webapps/}, then the WAR hot-deployed at the root context. The tests drive it over
 * real HTTP ({@code java.net.http}, and plain sockets for trailers and keep-alive), then redeploy
 * and undeploy it while requests run, and check that the container survives and that none of
 * the application's threads outlive it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ContainerIT {
    static final String HELLO = "Hello, WASI!";
    static final String GREETING = "hello from wasmlet.json";
    private static final int MiB = 1 << 20;

    Container c;
    HttpClient http;
    /** The container's MBean server. */
    Jmx jmx;
    private Path war;
    /** The container's threads before the WAR was first deployed. */
    private Set<String> baseline;
    private final List<String> timings = new ArrayList<>();

    abstract Container create(Path workDirectory) throws IOException;

    static Path property(String name, String fallback) {
        return Path.of(System.getProperty(name, fallback)).toAbsolutePath();
    }

    @BeforeAll
    void startAndDeploy() throws Exception {
        war = property("wasmlet.it.war", "target/it-wars/wasmlet-example.war");
        assertTrue(Files.isRegularFile(war), war + " is missing: run mvn verify (the dependency plugin copies it)");
        Path work = property("wasmlet.it.workDirectory", "target/it");
        c = create(work);
        http = Http.client();
        long t = System.nanoTime();
        c.start(Duration.ofSeconds(90));
        time("container start (empty webapps)", t);
        baseline = ThreadDump.names(c, "before-deploy");
        jmx = Jmx.attach(c.pid());
        t = System.nanoTime();
        c.deploy(war);
        Http.awaitStatus(c, "/hello", 200, Duration.ofSeconds(120));
        time("hot deploy of the WAR until /hello answers 200", t);
        c.awaitLog("pool default: starting .*\\(" + c.engineName() + " engine", Duration.ofSeconds(10));
    }

    /**
     * The engine {@code wasmtime}: its jars, which the build copies next to the WAR (system
     * property {@code wasmlet.it.wasmtimeJars}, paths separated by the platform's separator).
     */
    static Container.Engine wasmtime() {
        String jars = System.getProperty("wasmlet.it.wasmtimeJars",
                "target/it-wars/wasmlet-engine-wasmtime.jar" + File.pathSeparator + "target/it-wars/wasmtime-java.jar");
        List<Path> paths = new ArrayList<>();
        for (String jar : jars.split(File.pathSeparator)) {
            Path path = Path.of(jar).toAbsolutePath();
            assertTrue(Files.isRegularFile(path), path + " is missing: run mvn verify (the dependency plugin copies it)");
            paths.add(path);
        }
        return new Container.Engine("wasmtime", paths);
    }

    @AfterAll
    void stop() throws IOException {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException e) {
                // the container goes anyway
            }
        }
        if (c != null) {
            long t = System.nanoTime();
            c.close();
            time("container stop", t);
            String text = String.join("\n", timings) + "\n";
            Files.writeString(c.dir.resolve("timings.txt"), text, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            System.out.print(c.name + " timings:\n" + text);
        }
    }

    private void time(String what, long startNanos) {
        timings.add(String.format("%6d ms  %s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), what));
    }

    @Test
    @Order(1)
    void hello() throws Exception {
        for (String path : List.of("/hello", "/")) {
            HttpResponse<String> r = Http.get(http, c, path);
            assertEquals(200, r.statusCode(), path);
            assertEquals(HELLO, r.body(), path);
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"), r.headers()
                    .toString());
        }
    }

    /** The guest's environment comes from WEB-INF/wasmlet.json: the JSON configuration was read. */
    @Test
    @Order(2)
    void settingsFromJson() throws Exception {
        HttpResponse<String> r = http.send(Http.request(c, "/env").header("env", "GREETING").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("env: " + GREETING, r.body().strip());
    }

    /** 1 MiB streamed up (chunked, no length) and back, then the same with a Content-Length. */
    @Test
    @Order(3)
    void streamingEchoOfOneMiB() throws Exception {
        byte[] body = new byte[MiB];
        new Random(42).nextBytes(body);
        for (boolean chunked : new boolean[] {true, false}) {
            HttpRequest.BodyPublisher publisher = chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpResponse<InputStream> r = http.sendAsync(Http.request(c, "/echo?q=1").header("x-test", "abc")
                    .POST(publisher).build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(30, TimeUnit.SECONDS);
            byte[] echoed;
            try (InputStream in = r.body()) {
                echoed = in.readAllBytes();
            }
            String what = chunked ? "chunked upload" : "fixed-length upload";
            assertEquals(200, r.statusCode(), what);
            assertEquals(body.length, echoed.length, what);
            assertArrayEquals(sha256(body), sha256(echoed), what);
            assertEquals("POST", r.headers().firstValue("x-method").orElse(null), what);
            assertEquals("/echo?q=1", r.headers().firstValue("x-path-with-query").orElse(null), what);
            assertEquals("http", r.headers().firstValue("x-scheme").orElse(null), what);
            assertEquals("127.0.0.1:" + c.port, r.headers().firstValue("x-authority").orElse(null), what);
            assertEquals("abc", r.headers().firstValue("x-echo-x-test").orElse(null), what);
        }
    }

    @Test
    @Order(4)
    void streamedResponseOfOneMiB() throws Exception {
        HttpResponse<byte[]> r = http.sendAsync(Http.request(c, "/stream?n=" + MiB + "&chunk=4096").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertStreamPattern(r.body(), MiB);
    }

    /** Response trailers arrive as HTTP/1.1 chunked trailers. */
    @Test
    @Order(5)
    void responseTrailers() throws Exception {
        try (RawHttp conn = new RawHttp(c.port)) {
            conn.send("GET /trailers HTTP/1.1\r\nHost: 127.0.0.1:" + c.port + "\r\nTE: trailers\r\n"
                    + "Connection: close\r\n\r\n");
            RawHttp.Response r = conn.read(false);
            assertEquals(200, r.status());
            assertTrue(r.chunked(), "a response with trailers is chunked: " + r.headers());
            assertEquals("trailers", r.text());
            assertEquals("done", r.trailers().get("x-trailer"), "trailers: " + r.trailers());
        }
    }

    /** Request trailers reach the guest (Tomcat: because the connector lists them in allowedTrailerHeaders). */
    @Test
    @Order(6)
    void requestTrailers() throws Exception {
        try (RawHttp conn = new RawHttp(c.port)) {
            conn.send("POST /request-trailers HTTP/1.1\r\nHost: 127.0.0.1:" + c.port + "\r\n"
                    + "Transfer-Encoding: chunked\r\nTrailer: " + TomcatContainer.ALLOWED_TRAILER + "\r\n"
                    + "Connection: close\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n" + TomcatContainer.ALLOWED_TRAILER + ": abc123\r\n\r\n");
            RawHttp.Response r = conn.read(false);
            assertEquals(200, r.status(), r.text());
            assertTrue(r.text().lines().anyMatch(l -> l.equals(TomcatContainer.ALLOWED_TRAILER + ": abc123")),
                    "the guest saw trailers: " + r.text());
        }
    }

    /** 20 connections at once, each with 5 requests in turn on the same connection: all 200. */
    @Test
    @Order(7)
    void keepAliveConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<List<Integer>>> connections = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                connections.add(pool.submit(keepAliveClient()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> f : connections) {
                statuses.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(100, statuses.size());
            assertTrue(statuses.stream().allMatch(s -> s == 200), "statuses: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<List<Integer>> keepAliveClient() {
        return () -> {
            List<Integer> statuses = new ArrayList<>();
            try (RawHttp conn = new RawHttp(c.port)) {
                for (int j = 0; j < 5; j++) {
                    conn.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:" + c.port + "\r\n\r\n");
                    RawHttp.Response r = conn.read(false);
                    assertEquals(HELLO, r.text());
                    assertFalse("close".equalsIgnoreCase(r.header("connection")), "the server kept the connection");
                    statuses.add(r.status());
                }
            }
            return statuses;
        };
    }

    /** A trapping guest and one that never sets a response give 500; the next request is served. */
    @Test
    @Order(8)
    void trapGives500AndTheNextRequestIsFine() throws Exception {
        for (String path : List.of("/trap", "/noset")) {
            HttpResponse<String> r = Http.get(http, c, path);
            assertEquals(500, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().contains("request"), path + ": the error body names the request: " + r.body());
            HttpResponse<String> next = Http.get(http, c, "/hello");
            assertEquals(200, next.statusCode());
            assertEquals(HELLO, next.body());
        }
    }

    @Test
    @Order(9)
    void statusFromTheGuest() throws Exception {
        HttpResponse<String> r = Http.get(http, c, "/status/418");
        assertEquals(418, r.statusCode());
        assertEquals("", r.body());
    }

    /** Guest stdout/stderr lines land in the container's own log, tagged with the instance. */
    @Test
    @Order(10)
    void guestOutputInTheContainerLog() throws Exception {
        HttpResponse<String> r = Http.get(http, c, "/print");
        assertEquals(200, r.statusCode());
        assertEquals("printed", r.body().strip());
        c.awaitLog("stdout \\[\\d+\\] :: line one", Duration.ofSeconds(10));
        c.awaitLog("stdout \\[\\d+\\] :: line three", Duration.ofSeconds(10));
        c.awaitLog("stderr \\[\\d+\\] :: error line", Duration.ofSeconds(10));
    }

    /** The pool is an MBean of the container's JVM, and counts what happens. */
    @Test
    @Order(11)
    void poolMBeanCountsTraps() throws Exception {
        ObjectName pool = jmx.pool();
        assertEquals("/", pool.getKeyProperty("context"), pool.toString());
        long traps = jmx.number(pool, "traps");
        assertEquals(500, Http.get(http, c, "/trap").statusCode());
        awaitNumber(pool, "traps", traps + 1, Duration.ofSeconds(10));
        assertTrue(jmx.number(pool, "liveInstances") <= 32, "maxInstances is 32");
    }

    /** A client that goes away in the middle of a response frees the instance that served it. */
    @Test
    @Order(12)
    void clientThatDisconnectsFreesItsInstance() throws Exception {
        ObjectName pool = jmx.pool();
        try (RawHttp conn = new RawHttp(c.port)) {
            conn.send("GET /stream?n=1073741824&chunk=65536 HTTP/1.1\r\nHost: 127.0.0.1:" + c.port + "\r\n\r\n");
            conn.readSome(MiB);
            assertTrue(jmx.number(pool, "busyInstances") >= 1, "a 1 GiB response keeps its instance busy");
        }
        awaitNumber(pool, "busyInstances", 0, Duration.ofSeconds(15));
        assertEquals(HELLO, Http.get(http, c, "/hello").body());
    }

    /** A request whose Content-Length exceeds maxRequestBodySize (16MiB) gets 413, and the connection closes. */
    @Test
    @Order(13)
    void requestBodyOverTheLimit() throws Exception {
        try (RawHttp conn = new RawHttp(c.port)) {
            conn.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1:" + c.port + "\r\nContent-Length: " + (17 * MiB)
                    + "\r\n\r\n");
            RawHttp.Response r = conn.read(false);
            assertEquals(413, r.status(), r.text());
        }
        assertEquals(HELLO, Http.get(http, c, "/hello").body());
    }

    /**
     * The example allows no outgoing request (outboundAllowedHosts is empty): the guest gets
     * HTTP-request-denied. The undeploy test then checks that trying left no thread behind.
     */
    @Test
    @Order(14)
    void outboundRequestsAreDeniedByDefault() throws Exception {
        HttpResponse<String> r = Http.get(http, c, "/outbound?url=http://127.0.0.1:" + c.port + "/hello");
        assertEquals(502, r.statusCode(), r.body());
        assertTrue(r.body().contains("HTTP-request-denied"), r.body());
    }

    private void awaitNumber(ObjectName pool, String attribute, long expected, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        long value;
        while ((value = jmx.number(pool, attribute)) != expected) {
            if (System.nanoTime() > end) {
                throw new AssertionError(pool + " " + attribute + " is " + value + ", not " + expected + " after "
                        + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Touching the WAR redeploys it while requests run: they finish or fail cleanly, and the new deployment serves. */
    @Test
    @Order(20)
    void redeployWhileRequestsRun() throws Exception {
        int readyBefore = count(c.log(), "pool default: ready in");
        List<InFlight> inFlight = startInFlight(false);
        long t = System.nanoTime();
        c.touch();
        finish(inFlight, "redeploy");
        c.awaitLogCount("pool default: ready in", readyBefore + 1, Duration.ofSeconds(90));
        Http.awaitStatus(c, "/hello", 200, Duration.ofSeconds(60));
        time("redeploy by touching the WAR, until the new deployment answers", t);
        assertTrue(c.isAlive());
        assertEquals(HELLO, Http.get(http, c, "/hello").body());
        awaitPools(1, Duration.ofSeconds(30)); // the old deployment's MBean goes, the new one's stays
    }

    /**
     * Removing the WAR undeploys it while requests run: they finish or fail cleanly, the container
     * keeps running, and no thread the application started is left.
     */
    @Test
    @Order(30)
    void undeployWhileRequestsRun() throws Exception {
        Set<String> appThreads = ThreadDump.applicationThreads(c, baseline, "deployed");
        assertFalse(appThreads.isEmpty(), "the thread dump shows the application's threads while it runs");
        List<InFlight> inFlight = startInFlight(true);
        long t = System.nanoTime();
        c.undeploy();
        finish(inFlight, "undeploy");
        Http.awaitStatus(c, "/hello", 404, Duration.ofSeconds(60));
        time("undeploy by removing the WAR, until the container answers 404", t);
        c.awaitLog("pool default: stopped", Duration.ofSeconds(30));

        assertTrue(c.isAlive(), "the container keeps running");
        awaitPools(0, Duration.ofSeconds(30)); // the undeployed application's MBean is unregistered
        assertEquals(404, Http.get(http, c, "/hello").statusCode(), "the container still answers");

        // Bounded wait: a thread may take a moment to end after the stop, but not longer.
        Set<String> left = ThreadDump.applicationThreads(c, baseline, "undeployed");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!left.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(250);
            left = ThreadDump.applicationThreads(c, baseline, "undeployed");
        }
        assertEquals(Set.of(), left, "threads of the undeployed application still alive (it had " + appThreads
                + "); see " + c.dir.resolve("threads-undeployed.txt"));
        String log = c.log();
        assertEquals(List.of(), c.leakWarnings(log), "the container's leak detection");
        assertEquals(List.of(), wasmletStackTraces(log), "no exception went through Wasmlet's code");
        assertFalse(log.contains("stopping the Wasmlet pools:"), "the pools stopped without failures:\n" + c.logTail(80));
    }

    /** Deploying again works: the first deployment released its JMX name and everything else. */
    @Test
    @Order(40)
    void deployAgain() throws Exception {
        long t = System.nanoTime();
        c.deploy(war);
        Http.awaitStatus(c, "/hello", 200, Duration.ofSeconds(120));
        time("deploy again after the undeploy", t);
        assertEquals(HELLO, Http.get(http, c, "/hello").body());
        HttpResponse<String> r = http.send(Http.request(c, "/env").header("env", "GREETING").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("env: " + GREETING, r.body().strip());
        assertEquals(1, jmx.pools().size(), "one pool MBean: " + jmx.pools());
        assertEquals(3, count(c.log(), "(" + c.engineName() + " engine"), "deployed, redeployed, deployed again on "
                + c.engineName());
        assertFalse(c.log().contains("UnsatisfiedLinkError"), "a deployment could not load a native library:\n"
                + c.logTail(80));
        try (var files = Files.list(c.temporaryFiles())) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("libwasmtime_jni")).toList(),
                    "copies of Wasmtime's native library left in the container's temporary directory");
        }
    }

    /**
     * A request sent before a redeploy or undeploy, what it must look like if it succeeds, and
     * whether it must succeed (it ends within the time the application is given to stop).
     */
    private record InFlight(String what, CompletableFuture<HttpResponse<byte[]>> response, byte[] expected,
                            boolean mustComplete) {
        InFlight(String what, CompletableFuture<HttpResponse<byte[]>> response, byte[] expected) {
            this(what, response, expected, true);
        }
    }

    /**
     * Requests that sleep in their guest for 5 s: longer than Tomcat's default unloadDelay (2 s),
     * shorter than drainTimeout and the unloadDelay of the example's META-INF/context.xml (10 s).
     */
    private static final int SLEEPERS = 6;

    private List<InFlight> startInFlight(boolean withOneTooLong) throws Exception {
        List<InFlight> list = new ArrayList<>();
        if (withOneTooLong) {
            // Longer than drainTimeout (10s) and Tomcat's unloadDelay (10s, META-INF/context.xml): it must fail cleanly.
            list.add(new InFlight("GET /sleep?ms=30000 (outlives the stop)", http.sendAsync(Http.request(c,
                    "/sleep?ms=30000").timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()), "slept".getBytes(StandardCharsets.UTF_8), false));
        }
        ObjectName pool = jmx.pool();
        long busyBefore = jmx.number(pool, "busyInstances");
        for (int i = 0; i < SLEEPERS; i++) {
            list.add(new InFlight("GET /sleep?ms=5000 #" + i, http.sendAsync(Http.request(c, "/sleep?ms=5000").GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray()), "slept".getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 2; i++) {
            int n = 4 * MiB;
            list.add(new InFlight("GET /stream?n=" + n + " #" + i, http.sendAsync(Http.request(c, "/stream?n=" + n
                    + "&chunk=1000").GET().build(), HttpResponse.BodyHandlers.ofByteArray()), streamPattern(n)));
        }
        byte[] upload = new byte[MiB];
        new Random(7).nextBytes(upload);
        for (int i = 0; i < 2; i++) {
            list.add(new InFlight("POST /echo 1MiB #" + i, http.sendAsync(Http.request(c, "/echo").POST(
                    HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofByteArray()),
                    upload));
        }
        // Every sleeper is in its guest before the test goes on.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long sleepers = SLEEPERS + (withOneTooLong ? 1 : 0);
        while (jmx.number(pool, "busyInstances") < busyBefore + sleepers) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the " + sleepers + " sleeping requests did not all reach a guest: "
                        + jmx.number(pool, "busyInstances") + " busy instances");
            }
            Thread.sleep(20);
        }
        return list;
    }

    /**
     * Waits, bounded, for every request: each that ends within the application's stop time must
     * succeed whole (200 and the full body); the others must succeed or fail cleanly (a complete
     * error response from the container or Wasmlet, or an I/O error on the connection). A request
     * that hangs or returns a wrong 200 body fails the test.
     */
    private List<String> finish(List<InFlight> inFlight, String during) throws Exception {
        List<String> outcomes = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (InFlight f : inFlight) {
            String outcome;
            try {
                HttpResponse<byte[]> r = f.response().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                int s = r.statusCode();
                if (s == 200 && java.util.Arrays.equals(f.expected(), r.body())) {
                    outcome = "200 complete";
                } else if (s == 404 || s == 500 || s == 503) {
                    outcome = s + " " + Http.abbreviate(new String(r.body(), StandardCharsets.UTF_8).strip());
                } else {
                    outcome = s + " with a " + r.body().length + "-byte body";
                    bad.add(f.what() + ": " + outcome);
                }
            } catch (ExecutionException e) {
                outcome = "failed: " + e.getCause();
                if (!(e.getCause() instanceof IOException)) {
                    bad.add(f.what() + ": " + outcome);
                }
            } catch (TimeoutException e) {
                outcome = "still running after 60 s";
                bad.add(f.what() + ": " + outcome);
                f.response().cancel(true);
            }
            if (f.mustComplete() && !outcome.equals("200 complete") && !bad.contains(f.what() + ": " + outcome)) {
                bad.add(f.what() + ": " + outcome + " (it ends within the stop time, so it must finish)");
            }
            outcomes.add(f.what() + " -> " + outcome);
        }
        String summary = String.join("\n", outcomes) + "\n";
        Files.writeString(c.dir.resolve("in-flight-" + during + ".txt"), summary);
        System.out.print(c.name + ": requests in flight during the " + during + ":\n" + summary);
        timings.add("         in flight during the " + during + ": "
                + outcomes.stream().filter(o -> o.endsWith("200 complete")).count() + "/" + outcomes.size()
                + " complete");
        assertEquals(List.of(), bad, "requests in flight during the " + during + " must finish or fail cleanly; log:\n"
                + c.logTail(60));
        return outcomes;
    }

    /** The exceptions in the log whose stack trace goes through Wasmlet's code (their first line, once each). */
    static List<String> wasmletStackTraces(String log) {
        List<String> lines = log.lines().map(String::strip).toList();
        Set<String> found = new java.util.LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("at dev.wasmlet.")) {
                int h = i;
                while (h > 0 && (lines.get(h).startsWith("at ") || lines.get(h).startsWith("..."))) {
                    h--;
                }
                found.add(lines.get(h) + " [" + lines.get(i) + "]");
            }
        }
        return new ArrayList<>(found);
    }

    static int count(String text, String literal) {
        return Container.count(text, literal);
    }

    private void awaitPools(int n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (jmx.pools().size() != n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("expected " + n + " pool MBeans, found " + jmx.pools());
            }
            Thread.sleep(100);
        }
    }

    static byte[] streamPattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    static void assertStreamPattern(byte[] body, int n) {
        assertEquals(n, body.length);
        for (int i = 0; i < n; i++) {
            if (body[i] != (byte) ('a' + i % 26)) {
                throw new AssertionError("byte " + i + " is " + body[i] + ", not " + ('a' + i % 26));
            }
        }
    }

    static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
