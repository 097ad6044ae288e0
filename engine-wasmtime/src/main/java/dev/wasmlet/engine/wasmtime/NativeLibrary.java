package dev.wasmlet.engine.wasmtime;

import io.github.kawamuray.wasmtime.Config;

/**
 * Where wasmtime-java's native library is loaded: by the first use of one of its classes, which
 * copies the library for this platform out of its jar to a new temporary file and loads that.
 * A new file per class loader is what lets a redeployed web application load it again.
 */
final class NativeLibrary {
    private NativeLibrary() {
    }

    /**
     * A new Wasmtime configuration; the first call loads the native library.
     *
     * @throws IllegalStateException naming the platform when the library does not load here
     */
    static Config config() {
        try {
            return new Config();
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("engine wasmtime cannot load its native library on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + " (wasmtime-java 0.19.0 has it for Linux and macOS on x86_64 and aarch64, and Windows on x86_64): "
                    + e, e);
        }
    }
}
