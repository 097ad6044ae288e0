package dev.wasmlet.runtime.abi;

import dev.wasmlet.runtime.Component;
import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.Linker;
import dev.wasmlet.runtime.TestEngines;
import dev.wasmlet.runtime.host.Store;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The components of {@code src/test/resources/abi} (text-format sources built with {@code jco
 * parse}, see {@code build.sh}), loaded once on one shared runtime, and linking helpers.
 */
final class Abi {
    static final ComponentRuntime RUNTIME = TestEngines.runtime(Optional.empty());
    private static final Map<String, Component> LOADED = new ConcurrentHashMap<>();

    private Abi() {
    }

    static byte[] bytes(String file) {
        try (InputStream in = Abi.class.getResourceAsStream("/abi/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test component /abi/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The component built from {@code name.wat}. */
    static Component component(String name) {
        return LOADED.computeIfAbsent(name, n -> RUNTIME.load(bytes(n + ".wasm"), n + ".wasm"));
    }

    /** A fresh instance of {@code name} with {@code hosts} defined. */
    static ComponentInstance instantiate(String name, Object... hosts) {
        Linker linker = new Linker(RUNTIME);
        for (Object h : hosts) {
            linker.define(h);
        }
        return linker.prepare(component(name)).instantiate(new Store(Map.of()));
    }

    /** Calls export {@code name} of {@code instance} and returns its only result. */
    static Object call(ComponentInstance instance, String name, Object... args) {
        Object[] results = instance.function(name).call(args);
        if (results.length != 1) {
            throw new AssertionError(name + " returned " + results.length + " results");
        }
        return results[0];
    }
}
