package dev.wasmlet.it;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link TomcatIT} with the WAR switched to the engine {@code wasmtime}: wasmtime-java's native
 * library loads from {@code WEB-INF/lib}, and again after each redeploy and deploy (no {@code
 * UnsatisfiedLinkError}), and the engine's epoch thread is gone when the application stops
 * (Tomcat's leak detection and the thread dumps say so).
 */
class TomcatWasmtimeIT extends ContainerIT {
    @Override
    Container create(Path workDirectory) throws IOException {
        return new TomcatContainer(property("wasmlet.it.tomcatHome", "target/tomcat-home/apache-tomcat-11.0.24"),
                property("wasmlet.it.julBinding", "target/it-wars/slf4j-jdk14.jar"), workDirectory, wasmtime());
    }
}
