package dev.wasmlet.runtime;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wasmlet.runtime.host.Store;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes loading and linking: whatever the bytes, only Wasmlet's own typed errors may come out.
 * Seeded with the test components (see the Inputs folder beside this class); in the build it
 * fuzzes for a bounded time.
 */
class ComponentFuzzTest {
    private static final ComponentRuntime RUNTIME = TestHosts.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @FuzzTest(maxDuration = "45s")
    void loadAndLink(byte[] bytes) {
        Component component;
        try {
            component = RUNTIME.load(bytes, "fuzz input");
        } catch (MalformedComponentException | InvalidComponentException e) {
            return;
        }
        InstancePre pre;
        try {
            pre = new Linker(RUNTIME).define(new TestHosts.GreetHost()).prepare(component);
        } catch (UnlinkableComponentException e) {
            return;
        }
        try {
            // Instantiation runs no guest code but start functions, which test components do not have.
            pre.instantiate(new Store(Map.of()));
        } catch (WasmletException e) {
            // any typed error is an answer
        }
    }
}
