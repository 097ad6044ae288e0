package dev.wasmlet.runtime;

import dev.wasmlet.runtime.engine.CoreCompileException;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreEngineProvider;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.internal.binary.ComponentBinary;
import dev.wasmlet.runtime.internal.binary.ComponentParser;
import dev.wasmlet.runtime.internal.binary.Definition;
import dev.wasmlet.runtime.internal.endive.EndiveEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads components over one core engine. A core module is compiled once per distinct bytes and
 * shared by every component and instance that contains it; with a cache directory, the engine
 * also keeps compiled code across restarts. Thread-safe.
 */
public final class ComponentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRuntime.class);

    private final CoreEngine engine;
    private final Map<String, CoreModule> modules = new ConcurrentHashMap<>();

    public ComponentRuntime(CoreEngine engine) {
        this.engine = engine;
    }

    /** A runtime on the default engine (Endive), with an optional on-disk compile cache. */
    public static ComponentRuntime withDefaultEngine(Optional<Path> cacheDirectory) {
        return new ComponentRuntime(new EndiveEngine(cacheDirectory));
    }

    /**
     * A runtime on the default engine (Endive), with an optional on-disk compile cache and a cap
     * on each linear memory.
     */
    public static ComponentRuntime withDefaultEngine(Optional<Path> cacheDirectory, long maxMemoryBytes) {
        return new ComponentRuntime(new EndiveEngine(cacheDirectory, maxMemoryBytes));
    }

    /**
     * A runtime on the engine named {@code engine} ({@code endive}, or {@code wasmtime} when the
     * {@code wasmlet-engine-wasmtime} module is on the class path), found with {@link ServiceLoader}.
     *
     * @param maxMemoryBytes the most one linear memory may grow to
     * @throws IllegalArgumentException when no engine of that name is on the class path
     * @throws IllegalStateException when the engine cannot run here (its native library does not
     *     load on this platform), with the reason
     */
    public static ComponentRuntime withEngine(String engine, Optional<Path> cacheDirectory, long maxMemoryBytes) {
        TreeSet<String> available = new TreeSet<>();
        ServiceLoader<CoreEngineProvider> providers =
                ServiceLoader.load(CoreEngineProvider.class, ComponentRuntime.class.getClassLoader());
        try {
            for (CoreEngineProvider provider : providers) {
                if (provider.name().equals(engine)) {
                    return new ComponentRuntime(provider.create(cacheDirectory, maxMemoryBytes));
                }
                available.add(provider.name());
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("engine " + engine + ": an engine module on the class path is broken: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException("engine " + engine + " is not available: no module on the class path"
                + " provides it (available: " + String.join(", ", available) + ")");
    }

    public CoreEngine engine() {
        return engine;
    }

    /** Reads and loads the component at {@code path}; see {@link #load(byte[], String)}. */
    public Component load(Path path) {
        try {
            return load(Files.readAllBytes(path), path.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read component " + path, e);
        }
    }

    /**
     * Parses a component and compiles its core modules.
     *
     * @param name what to call the component in messages
     * @throws MalformedComponentException when the bytes do not decode
     * @throws InvalidComponentException when a core module does not validate
     */
    public Component load(byte[] bytes, String name) {
        long start = System.nanoTime();
        ComponentBinary binary = ComponentParser.parse(bytes);
        Map<Definition.CoreModule, CoreModule> compiled = new IdentityHashMap<>();
        compileAll(binary, compiled);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("loaded component {} ({} KiB, {} core modules) on {} in {} ms", name, bytes.length >> 10,
                compiled.size(), engine.name(), millis);
        return new Component(name, sha256(bytes), binary, compiled);
    }

    private void compileAll(ComponentBinary binary, Map<Definition.CoreModule, CoreModule> compiled) {
        for (Definition d : binary.definitions()) {
            if (d instanceof Definition.CoreModule m) {
                byte[] moduleBytes = m.bytes().toArray();
                String key = sha256(moduleBytes);
                CoreModule module = modules.get(key);
                if (module == null) {
                    try {
                        module = engine.compile(moduleBytes);
                    } catch (CoreCompileException e) {
                        throw new InvalidComponentException("core module at offset 0x"
                                + Integer.toHexString(m.offset()) + ": " + e.getMessage(), e);
                    }
                    CoreModule raced = modules.putIfAbsent(key, module);
                    module = raced != null ? raced : module;
                }
                compiled.put(m, module);
            } else if (d instanceof Definition.NestedComponent c) {
                compileAll(c.component(), compiled);
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        modules.clear();
        engine.close();
    }
}
