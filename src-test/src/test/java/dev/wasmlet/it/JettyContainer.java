package dev.wasmlet.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Jetty 12 distribution, {@code java -jar $JETTY_HOME/start.jar} with a {@code jetty.base} of
 * its own that enables {@code http} and {@code ee10-deploy}, listens on 127.0.0.1, scans
 * {@code webapps/} every second (Jetty 12.1 does not hot-deploy by default), and shows
 * {@code org.slf4j} to applications so that Wasmlet's log lines reach Jetty's logging (the setup
 * {@code war-example/README.md} describes).
 */
final class JettyContainer extends Container {
    private static final Pattern CONTAINER_THREAD = Pattern.compile(
            "(qtp\\d+-\\d+.*|Scanner-\\d+|Session-HouseKeeper-.*|Connector-Scheduler-.*|Scheduler-\\d+.*|main)");

    private final Path home;

    JettyContainer(Path home, Path workDirectory, Engine engine) throws IOException {
        super("jetty", workDirectory, engine);
        this.home = home;
    }

    private Path base() {
        return dir.resolve("base");
    }

    private String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    void prepare() throws IOException, InterruptedException {
        Files.createDirectories(base());
        run(List.of(java(), "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base(), "--add-modules=http,ee10-deploy"), Duration.ofSeconds(60));
        Files.createDirectories(webapps());
        Files.createDirectories(base().resolve("work")); // Jetty unpacks WARs here rather than in /tmp
        Files.writeString(base().resolve("start.d/deployment-scanner.ini"), """
                # Added by JettyContainer: hot (re/un)deployment, checked every second.
                jetty.deploy.scanInterval=1
                """, StandardOpenOption.APPEND);
        // An ee10 property: it must be in the ini of an ee10 module to reach the ee10 environment.
        Files.writeString(base().resolve("start.d/ee10-webapp.ini"), """
                # Added by JettyContainer: applications use the server's SLF4J, so Wasmlet logs to Jetty's log.
                # (logging-jetty hides lib/logging/, slf4j-api included: un-hide the API, and serve it server-first.)
                jetty.webapp.addProtectedClasses+=,org.slf4j.
                jetty.webapp.addHiddenClasses+=,-org.slf4j.
                """, StandardOpenOption.APPEND);
    }

    @Override
    List<String> command() {
        return List.of(java(), "-Xmx512m", "-Djava.io.tmpdir=" + base().resolve("work"), "-jar",
                home.resolve("start.jar").toString(), "jetty.home=" + home, "jetty.base=" + base(),
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port);
    }

    @Override
    Map<String, String> environment() {
        return Map.of();
    }

    @Override
    Path webapps() {
        return base().resolve("webapps");
    }

    @Override
    Path temporaryFiles() {
        return base().resolve("work");
    }

    @Override
    String rootWarName() {
        return "root.war";
    }

    @Override
    List<String> leakWarnings(String log) {
        return List.of(); // Jetty has no leak detector of its own; the thread dumps cover it
    }

    @Override
    boolean isContainerThread(String threadName) {
        return CONTAINER_THREAD.matcher(threadName).matches();
    }
}
