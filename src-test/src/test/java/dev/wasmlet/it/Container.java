package dev.wasmlet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One servlet container distribution run as a separate process on a free loopback port, with
 * its own base directory under {@code target/it/<name>}: the port, the PID and the console log
 * (stdout and stderr) are written there. {@link #close()} always ends the process (and any it
 * started), first with SIGTERM, then forcibly.
 */
abstract class Container implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /**
     * The core engine the deployed WAR is switched to, and the jars that bring it into {@code
     * WEB-INF/lib}; null keeps the WAR's own (endive, in the example's jars).
     */
    record Engine(String name, List<Path> jars) {
    }

    final String name;
    final Path dir;
    final int port;
    private final Engine engine;
    private Process process;
    private Thread killer;

    /** @param engine the engine to deploy the WAR with, or null for the WAR's own; named in {@link #name} */
    Container(String kind, Path workDirectory, Engine engine) throws IOException {
        this.name = engine == null ? kind : kind + "-" + engine.name();
        this.engine = engine;
        this.dir = workDirectory.resolve(name);
        deleteTree(dir);
        Files.createDirectories(dir);
        this.port = freeLoopbackPort();
        Files.writeString(dir.resolve(name + ".port"), port + "\n");
    }

    /** Lays out the container's base directory (configuration, empty webapps). */
    abstract void prepare() throws IOException, InterruptedException;

    /** The command that runs the container in the foreground. */
    abstract List<String> command();

    /** Environment variables the command needs. */
    abstract Map<String, String> environment();

    /** The directory the container deploys WARs from. */
    abstract Path webapps();

    /** The container's {@code java.io.tmpdir}. */
    abstract Path temporaryFiles();

    /** The file name that deploys a WAR at the root context. */
    abstract String rootWarName();

    /** Lines of the container's log that say a thread of the application outlived it (empty when none). */
    abstract List<String> leakWarnings(String log);

    /** Whether a thread with this name belongs to the container or the JVM rather than to an application. */
    abstract boolean isContainerThread(String threadName);

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** Starts the process and waits, bounded, until the port answers HTTP (any status). */
    void start(Duration timeout) throws IOException, InterruptedException {
        prepare();
        ProcessBuilder pb = new ProcessBuilder(command()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(consoleLog().toFile());
        Map<String, String> env = pb.environment();
        for (String inherited : List.of("CATALINA_HOME", "CATALINA_BASE", "CATALINA_OPTS", "JAVA_OPTS", "JRE_HOME",
                "JETTY_HOME", "JETTY_BASE", "CLASSPATH")) {
            env.remove(inherited);
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment());
        Files.writeString(dir.resolve("command.txt"), String.join(" ", pb.command()) + "\n");
        process = pb.start();
        Files.writeString(dir.resolve(name + ".pid"), process.pid() + "\n");
        killer = new Thread(this::kill, name + "-killer");
        Runtime.getRuntime().addShutdownHook(killer); // a failsafe fork that is itself killed still ends the container
        Http.awaitAnswer(this, timeout);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The engine the deployed application runs on. */
    String engineName() {
        return engine == null ? "endive" : engine.name();
    }

    /** Jars the container needs in the WAR's {@code WEB-INF/lib} (none by default). */
    List<Path> extraLibs() {
        return List.of();
    }

    /**
     * The WAR to deploy for {@code war}: with {@link #extraLibs()} and the engine's jars added to
     * {@code WEB-INF/lib}, and {@code WEB-INF/wasmlet.json} naming the engine; the same WAR when
     * there is nothing to change.
     */
    Path prepareWar(Path war) throws IOException {
        List<Path> libs = new ArrayList<>(extraLibs());
        if (engine != null) {
            libs.addAll(engine.jars());
        }
        if (libs.isEmpty()) {
            return war;
        }
        Path prepared = dir.resolve("prepared-" + war.getFileName());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(prepared))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (engine != null && e.getName().equals("WEB-INF/wasmlet.json")) {
                    out.write(withEngine(new String(in.readAllBytes(), StandardCharsets.UTF_8), engine.name())
                            .getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            for (Path lib : libs) {
                out.putNextEntry(new ZipEntry("WEB-INF/lib/" + lib.getFileName()));
                Files.copy(lib, out);
                out.closeEntry();
            }
        }
        return prepared;
    }

    /** The example's settings with {@code "engine"} added as the first key of the object. */
    private static String withEngine(String json, String engine) {
        int open = json.indexOf("\n{\n");
        if (open < 0) {
            throw new IllegalStateException("WEB-INF/wasmlet.json has no line holding only the opening brace");
        }
        return json.substring(0, open + 3) + "  \"engine\": \"" + engine + "\",\n" + json.substring(open + 3);
    }

    /** Places {@code war} in webapps atomically (a half-written WAR is never seen by the scanner). */
    void deploy(Path war) throws IOException {
        Path staging = dir.resolve("staging");
        Files.createDirectories(staging);
        Path tmp = staging.resolve(rootWarName());
        Files.copy(prepareWar(war), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now()));
        Files.move(tmp, webapps().resolve(rootWarName()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Marks the deployed WAR modified, which makes the container redeploy it. */
    void touch() throws IOException {
        Files.setLastModifiedTime(webapps().resolve(rootWarName()), FileTime.from(Instant.now()));
    }

    /** Removes the deployed WAR, which makes the container undeploy it. */
    void undeploy() throws IOException {
        Files.delete(webapps().resolve(rootWarName()));
    }

    /** The console log as it stands. */
    String log() {
        try {
            return Files.readString(consoleLog(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the console log, for failure messages. */
    String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits, bounded, until the console log matches {@code regex} (searched with find, multiline). */
    void awaitLog(String regex, Duration timeout) throws InterruptedException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE);
        long end = System.nanoTime() + timeout.toNanos();
        while (!p.matcher(log()).find()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(name + ": no log line matching /" + regex + "/ within " + timeout
                        + "; log ends with:\n" + logTail(60));
            }
            Thread.sleep(100);
        }
    }

    /** Waits, bounded, until the console log holds {@code literal} at least {@code n} times. */
    void awaitLogCount(String literal, int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (count(log(), literal) < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError(name + ": fewer than " + n + " log lines with \"" + literal + "\" within "
                        + timeout + "; log ends with:\n" + logTail(60));
            }
            Thread.sleep(100);
        }
    }

    static int count(String text, String literal) {
        int n = 0;
        for (int i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + literal.length())) {
            n++;
        }
        return n;
    }

    /** Ends the container: SIGTERM (it stops its applications), then SIGKILL; descendants too. */
    @Override
    public void close() {
        kill();
        if (killer != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    private void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs a short helper command in {@link #dir}, bounded; fails with its output when it fails. */
    String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "run-", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + ": still running after " + timeout + ":\n"
                        + Files.readString(out));
            }
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port + (process != null ? " (pid " + process.pid() + ")" : "");
    }
}
