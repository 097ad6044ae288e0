package dev.wasmlet.it;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The example WAR in the Tomcat 11 distribution ({@code bin/catalina.sh run}). Besides {@link
 * ContainerIT}'s checks, the undeploy test asserts that Tomcat's own leak detection (run by
 * {@code WebappClassLoaderBase} when an application stops) logs no thread the application
 * started and failed to stop, and no ThreadLocal it failed to remove.
 */
class TomcatIT extends ContainerIT {
    @Override
    Container create(Path workDirectory) throws IOException {
        return new TomcatContainer(property("wasmlet.it.tomcatHome", "target/tomcat-home/apache-tomcat-11.0.24"),
                property("wasmlet.it.julBinding", "target/it-wars/slf4j-jdk14.jar"), workDirectory, null);
    }
}
