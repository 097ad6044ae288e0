package dev.wasmlet.engine.wasmtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentRuntime;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreInstance;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.host.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only this engine does: native handles freed at close, one epoch thread, native-library errors. */
class WasmtimeEngineTest {
    private static final CoreFuncType I32_I32_TO_I32 =
            new CoreFuncType(List.of(CoreValType.I32, CoreValType.I32), List.of(CoreValType.I32));
    private static final CoreFuncType NOTHING = new CoreFuncType(List.of(), List.of());

    private static byte[] engineA() throws IOException {
        try (InputStream in = WasmtimeEngineTest.class.getResourceAsStream("/core/engine-a.wasm")) {
            return in.readAllBytes();
        }
    }

    private static CoreInstance instantiateA(CoreEngine engine, CoreStore store) throws IOException {
        return engine.compile(engineA()).instantiate(store, List.of(
                engine.hostFunction(I32_I32_TO_I32, args -> new long[] {args[0] + args[1]}),
                engine.hostFunction(NOTHING, args -> new long[0])));
    }

    @Test
    void aClosedStoreRefusesUseInsteadOfTouchingFreedMemory() throws IOException {
        try (CoreEngine engine = new WasmtimeEngine(Optional.empty(), CoreEngine.DEFAULT_MAX_MEMORY_BYTES)) {
            CoreStore store = engine.newStore(() -> Store.NO_INTERRUPT);
            CoreInstance a = instantiateA(engine, store);
            CoreMemory memory = (CoreMemory) a.export("memory");
            CoreFunction callAdd = (CoreFunction) a.export("call_add");
            memory.writeInt(0, 41);
            assertArrayEquals(new long[] {42}, callAdd.call(41, 1));
            store.close();
            store.close();
            assertThrows(IllegalStateException.class, () -> memory.readInt(0));
            assertThrows(IllegalStateException.class, () -> callAdd.call(1, 2));
            assertThrows(IllegalStateException.class, () -> a.export("g"));
        }
    }

    @Test
    void oneEpochThreadPerEngineWhateverTheNumberOfStores() throws IOException {
        long before = epochThreads();
        try (CoreEngine engine = new WasmtimeEngine(Optional.empty(), CoreEngine.DEFAULT_MAX_MEMORY_BYTES)) {
            List<CoreStore> stores = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CoreStore store = engine.newStore(() -> System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                instantiateA(engine, store);
                stores.add(store);
            }
            assertEquals(before + 1, epochThreads());
            stores.forEach(CoreStore::close);
        }
        assertEquals(before, epochThreads());
    }

    private static long epochThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("wasmlet-wasmtime-epoch")).count();
    }

    @Test
    void isFoundByNameThroughTheRuntime() {
        try (ComponentRuntime runtime = ComponentRuntime.withEngine("wasmtime", Optional.empty(),
                CoreEngine.DEFAULT_MAX_MEMORY_BYTES)) {
            assertEquals("wasmtime", runtime.engine().name());
        }
    }

    /** A JVM that believes it runs on an operating system wasmtime-java has no library for. */
    @Test
    void anUnsupportedPlatformGetsAnErrorNamingItAndWhatIsSupported() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dos.name=Plan9", "-cp", System.getProperty("java.class.path"),
                SelectWasmtime.class.getName()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("engine wasmtime cannot load its native library on Plan9 "), output);
        assertTrue(output.contains("Linux and macOS on x86_64 and aarch64, and Windows on x86_64"), output);
    }

    /** Selects the engine and prints why it failed. */
    static final class SelectWasmtime {
        public static void main(String[] args) {
            try {
                ComponentRuntime.withEngine("wasmtime", Optional.empty(), CoreEngine.DEFAULT_MAX_MEMORY_BYTES).close();
                System.out.println("loaded");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
