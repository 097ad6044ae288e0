package dev.wasmlet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LinkerTest {
    private static final ComponentRuntime RUNTIME = TestHosts.runtime();
    private static final Component GREET = RUNTIME.load(TestHosts.component("greet.wasm"), "greet.wasm");

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private static ComponentInstance greet(TestHosts.GreetHost host) {
        return new Linker(RUNTIME).define(host).prepare(GREET).instantiate(new Store(Map.of()));
    }

    @Test
    void callsGuestExportsThatCallTheHost() {
        var host = new TestHosts.GreetHost();
        ComponentInstance instance = greet(host);
        ComponentFunction greet = instance.function("greet");
        assertArrayEquals(new Object[] {"Hello, wörld 😀"}, greet.call("wörld 😀"));
        host.prefix = "Bonjour, ";
        assertArrayEquals(new Object[] {"Bonjour, "}, greet.call(""));
        assertEquals(List.of("wörld 😀", ""), host.logged);
    }

    @Test
    void postReturnRunsAfterEachCall() {
        // greet's post-return resets the guest's bump allocator; without it memory would run out.
        ComponentFunction greet = greet(new TestHosts.GreetHost()).function("greet");
        String name = "x".repeat(1000);
        for (int i = 0; i < 200; i++) {
            assertEquals("Hello, " + name, greet.call(name)[0]);
        }
    }

    @Test
    void integersCrossAsTheirBits() {
        ComponentFunction add = greet(new TestHosts.GreetHost()).function("add");
        assertArrayEquals(new Object[] {5}, add.call(2, 3));
        assertArrayEquals(new Object[] {0}, add.call(-1, 1)); // u32 max + 1 wraps
    }

    @Test
    void aTrapSaysWhichExportTrapped() {
        ComponentFunction fail = greet(new TestHosts.GreetHost()).function("fail");
        GuestTrapException e = assertThrows(GuestTrapException.class, fail::call);
        assertTrue(e.getMessage().contains("unreachable") || e.getMessage().contains("trap"), e.getMessage());
    }

    @Test
    void instancesAreIndependent() {
        var host = new TestHosts.GreetHost();
        ComponentInstance a = greet(host);
        ComponentInstance b = greet(host);
        assertEquals("Hello, a", a.function("greet").call("a")[0]);
        assertEquals("Hello, b", b.function("greet").call("b")[0]);
        assertTrue(a.memoryBytes() >= 65536);
    }

    @Test
    void instancesOfOnePreparedComponentShareItsResolvedImportsButNotTheirHostState() {
        for (String fixture : List.of("greet.wasm", "greet-after-resource.wasm")) {
            // greet.wasm's import is resolved once for the InstancePre; greet-after-resource.wasm
            // defines a resource type first, so each instance resolves the import itself.
            Component component = RUNTIME.load(TestHosts.component(fixture), fixture);
            var host = new TestHosts.GreetHost();
            InstancePre pre = new Linker(RUNTIME).define(host).prepare(component);
            ComponentInstance a = pre.instantiate(new Store(Map.of()));
            ComponentInstance b = pre.instantiate(new Store(Map.of()));
            assertEquals("Hello, a", a.function("greet").call("a")[0], fixture);
            host.prefix = "Hi, ";
            assertEquals("Hi, b", b.function("greet").call("b")[0], fixture);
            assertEquals("Hi, c", a.function("greet").call("c")[0], fixture);
            assertEquals(List.of("a", "b", "c"), host.logged, fixture);
        }
    }

    @Test
    void aMissingHostIsNamedAtPrepare() {
        var e = assertThrows(UnlinkableComponentException.class, () -> new Linker(RUNTIME).prepare(GREET));
        assertTrue(e.getMessage().contains("wasmlet:test/host@0.1.0"), e.getMessage());
    }

    @WitInterface("wasmlet:test/host@0.1.0")
    public static final class HalfHost {
        @WitFunction("log")
        public void log(String message) {
        }
    }

    @Test
    void aMissingFunctionIsNamedAtPrepare() {
        var e = assertThrows(UnlinkableComponentException.class,
                () -> new Linker(RUNTIME).define(new HalfHost()).prepare(GREET));
        assertEquals("component imports wasmlet:test/host@0.1.0 function prefix, which no host provides",
                e.getMessage());
    }

    @Test
    void anImportOfAnotherTypeIsRefusedAtPrepare() {
        Component mismatch = RUNTIME.load(TestHosts.component("greet-mismatch.wasm"), "greet-mismatch.wasm");
        var e = assertThrows(UnlinkableComponentException.class,
                () -> new Linker(RUNTIME).define(new TestHosts.GreetHost()).prepare(mismatch));
        assertEquals("component imports wasmlet:test/host@0.1.0 function log with another type: it takes 2"
                + " parameter(s) and returns 0 result(s), but the host's log takes 1 and returns nothing", e.getMessage());
    }

    @WitInterface("wasmlet:test/host@0.2.0")
    public static final class OtherMinorHost {
        @WitFunction("log")
        public void log(String message) {
        }

        @WitFunction("prefix")
        public String prefix() {
            return "";
        }
    }

    @Test
    void versionsMatchWithinTheSameMinorBelowOne() {
        var e = assertThrows(UnlinkableComponentException.class,
                () -> new Linker(RUNTIME).define(new OtherMinorHost()).prepare(GREET));
        assertTrue(e.getMessage().contains("which no host provides"), e.getMessage());
    }
}
