package dev.wasmlet.it;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The example WAR in the Jetty 12 distribution ({@code java -jar start.jar}, modules {@code
 * http,ee10-deploy}). Jetty has no leak detector; the undeploy test checks the process's threads
 * with {@code jcmd Thread.print}.
 */
class JettyIT extends ContainerIT {
    @Override
    Container create(Path workDirectory) throws IOException {
        return new JettyContainer(property("wasmlet.it.jettyHome", "target/jetty-home/jetty-home-12.1.12"),
                workDirectory, null);
    }
}
