package dev.wasmlet.runtime.internal.endive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import run.endive.compiler.Cache;

/**
 * Endive's compiled classes on disk, one file per module digest. Writes go to a temporary file
 * and are moved into place, so a concurrent reader or a crash never sees half a file.
 */
final class DiskCache implements Cache {
    private final Path directory;

    DiskCache(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the compile cache directory " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    boolean contains(String key) {
        return key != null && Files.isRegularFile(file(key));
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Path temp = Files.createTempFile(directory, "compiling-", ".tmp");
        try {
            Files.write(temp, data);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Endive's keys are {@code sha-256:<base64>}; the file name is their URL-safe form. */
    private Path file(String key) {
        String name = key.replace("sha-256:", "").replace('/', '_').replace('+', '-').replace("=", "");
        return directory.resolve(name + ".jar");
    }
}
