package dev.wasmlet.it;

import java.io.IOException;
import java.nio.file.Path;

/** {@link JettyIT} with the WAR switched to the engine {@code wasmtime} (see {@link TomcatWasmtimeIT}). */
class JettyWasmtimeIT extends ContainerIT {
    @Override
    Container create(Path workDirectory) throws IOException {
        return new JettyContainer(property("wasmlet.it.jettyHome", "target/jetty-home/jetty-home-12.1.12"),
                workDirectory, wasmtime());
    }
}
