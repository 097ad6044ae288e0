package dev.wasmlet.engine.wasmtime;

import io.github.kawamuray.wasmtime.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where wasmtime-java's native library is loaded: by the first use of one of its classes, which
 * copies the library for this platform out of its jar to a new temporary file and loads that.
 * A new file per class loader is what lets a redeployed web application load it again; but
 * wasmtime-java never deletes the file, 18 MB per deployment, so this class does where it can.
 */
final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static final String COPY_PREFIX = "libwasmtime_jni_";

    private NativeLibrary() {
    }

    /**
     * A new Wasmtime configuration; the first call loads the native library.
     *
     * @throws IllegalStateException naming the platform when the library does not load here
     */
    static Config config() {
        Config config;
        try {
            config = new Config();
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("engine wasmtime cannot load its native library on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + " (wasmtime-java 0.19.0 has it for Linux and macOS on x86_64 and aarch64, and Windows on x86_64): "
                    + e, e);
        }
        deleteLoadedCopies();
        return config;
    }

    /**
     * Deletes the temporary copies of the library that this process has loaded. On Linux, which
     * lists them in {@code /proc/self/maps}, a file can go once it is mapped: the mapping stays.
     * Copies of other processes, and files on other systems, are left alone.
     */
    private static void deleteLoadedCopies() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return;
        }
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        List<Path> copies;
        try (Stream<String> lines = Files.lines(maps)) {
            copies = lines.filter(l -> l.endsWith(".so") && l.contains("/" + COPY_PREFIX))
                    .map(l -> Path.of(l.substring(l.indexOf('/'))))
                    .filter(p -> temp.equals(p.getParent()) && p.getFileName().toString().startsWith(COPY_PREFIX))
                    .distinct().toList();
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list the mapped copies of Wasmtime's native library: {}", e.toString());
            return;
        }
        for (Path copy : copies) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", copy, e.toString());
            }
        }
    }
}
