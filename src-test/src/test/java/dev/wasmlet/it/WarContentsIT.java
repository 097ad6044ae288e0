package dev.wasmlet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** What the example WAR carries: Wasmlet and Jackson, the component, no servlet API, no logging binding. */
class WarContentsIT {
    @Test
    void carriesWasmletJacksonAndTheComponentButNoServletApiNorLoggingBinding() throws IOException {
        Path war = ContainerIT.property("wasmlet.it.war", "target/it-wars/wasmlet-example.war");
        try (ZipFile zip = new ZipFile(war.toFile())) {
            List<String> libs = zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/"))
                    .map(n -> n.substring("WEB-INF/lib/".length())).filter(n -> !n.isEmpty()).sorted().toList();
            for (String needed : List.of("wasmlet-servlet-", "wasmlet-handler-", "wasmlet-runtime-",
                    "jackson-databind-", "jackson-core-", "slf4j-api-")) {
                assertTrue(libs.stream().anyMatch(n -> n.startsWith(needed)), needed + "*.jar in " + libs);
            }
            for (String banned : List.of("servlet-api", "jakarta.servlet", "tomcat", "jetty", "slf4j-simple",
                    "slf4j-jdk14", "slf4j-nop", "slf4j-reload4j", "logback", "log4j")) {
                assertTrue(libs.stream().noneMatch(n -> n.contains(banned)), banned + " in " + libs);
            }
            for (String entry : List.of("WEB-INF/web.xml", "WEB-INF/wasmlet.json", "WEB-INF/c-freestanding.wasm")) {
                assertTrue(zip.getEntry(entry) != null, entry);
            }
            Path fixture = Path.of(System.getProperty("wasmlet.it.fixture", "../guests/fixtures/c-freestanding.wasm"));
            if (Files.isRegularFile(fixture)) {
                byte[] inWar = zip.getInputStream(zip.getEntry("WEB-INF/c-freestanding.wasm")).readAllBytes();
                assertArrayEquals(Files.readAllBytes(fixture), inWar, "the WAR's component is the fixture");
            }
            assertEquals(null, zip.getEntry("WEB-INF/classes/META-INF/services/dev.wasmlet.servlet.ProxyHandlerFactory"),
                    "the factory comes from wasmlet-servlet's jar, not from the WAR's classes");
        }
    }
}
