package dev.wasmlet.servlet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a configured file is: {@code /WEB-INF/...} (or {@code /META-INF/...}) in the web
 * application, {@code classpath:...} on the application's class path, {@code file:...} or any
 * other path on the file system.
 */
public final class Locations {
    private Locations() {
    }

    /** A location that was found. */
    public record Found(URL url, String where) {
        public InputStream open() throws IOException {
            return url.openStream();
        }
    }

    /**
     * Finds {@code location}; null when nothing is there.
     *
     * @param webResources the web application's {@code ServletContext::getResource}, or null
     *     outside a web application
     * @param where receives a phrase for messages: where the location was looked for
     */
    public static Found find(String location, Function<String, URL> webResources, ClassLoader classLoader,
                             StringBuilder where) {
        try {
            if (location.startsWith("classpath:")) {
                where.append("on the class path");
                String name = location.substring("classpath:".length());
                while (name.startsWith("/")) {
                    name = name.substring(1);
                }
                URL url = classLoader == null ? null : classLoader.getResource(name);
                return url == null ? null : new Found(url, "classpath:" + name);
            }
            if (location.startsWith("/WEB-INF/") || location.startsWith("/META-INF/")) {
                where.append("in the web application");
                URL url = webResources == null ? null : webResources.apply(location);
                return url == null ? null : new Found(url, location);
            }
            where.append("on the file system");
            Path path;
            if (location.startsWith("file://")) {
                path = Path.of(URI.create(location));
            } else if (location.startsWith("file:")) {
                path = Path.of(location.substring("file:".length()));
            } else {
                path = Path.of(location);
            }
            path = path.toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                return null;
            }
            return new Found(path.toUri().toURL(), path.toString());
        } catch (IllegalArgumentException | MalformedURLException e) { // InvalidPathException too
            return null;
        }
    }

    /** Reads a found location whole. */
    public static byte[] read(Found found) {
        try (InputStream in = found.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + found.where() + ": " + e.getMessage(), e);
        }
    }
}
