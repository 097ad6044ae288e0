package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nested.wat: a child component instantiated twice with arguments, reached through outer aliases. */
class NestedTest {
    @WitInterface("wasmlet:abi/nested@0.1.0")
    public static final class Host {
        final List<String> logged = new ArrayList<>();

        @WitFunction("log")
        public void log(String msg) {
            logged.add(msg);
        }
    }

    private final Host host = new Host();
    private final ComponentInstance guest = Abi.instantiate("nested", host);

    @Test
    void hostToChildToParent() {
        assertEquals("HELLO, WÖRLD 😀", call(guest, "relay", "hello, wÖrld 😀"));
        assertEquals("", call(guest, "relay", ""));
        assertEquals("X".repeat(100_000), call(guest, "relay", "x".repeat(100_000)));
        assertEquals(List.of("hello, wÖrld 😀", "", "x".repeat(100_000)), host.logged,
                "the child logs through the host instance its parent passed it");
        assertEquals(28, call(guest, "quad", 7));
        assertEquals(-4, call(guest, "quad", -1));
    }

    @Test
    void parentToChild() {
        assertEquals(22, call(guest, "triple-plus-one", 7));
        assertEquals(1, call(guest, "triple-plus-one", 0));
    }

    @Test
    void theTwoChildInstancesHaveTheirOwnState() {
        call(guest, "quad", 1);
        call(guest, "relay", "a");
        call(guest, "triple-plus-one", 1);
        call(guest, "quad-b", 2);
        assertEquals(3, call(guest, "calls-a"));
        assertEquals(1, call(guest, "calls-b"));
        assertEquals(8, call(guest, "quad-b", 2));
        assertEquals(2, call(guest, "calls-b"));
    }

    @Test
    void parentToChildToParentIsAReentranceAndTraps() {
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> call(guest, "quad-from-parent", 1));
        assertTrue(e.getMessage().contains("cannot be entered while it is calling an import"), e.getMessage());
    }

    @Test
    void aTrapInAChildNamesTheChildInstanceAndTheExport() {
        assertEquals(0, guest.function("check-a").call(10).length);
        GuestTrapException a = assertThrows(GuestTrapException.class, () -> guest.function("check-a").call(11));
        assertTrue(a.getMessage().matches("nested\\.wasm/instance \\d+#check-a: .*unreachable.*"), a.getMessage());
        ComponentInstance other = Abi.instantiate("nested", new Host());
        GuestTrapException b = assertThrows(GuestTrapException.class, () -> other.function("check-b").call(11));
        assertTrue(b.getMessage().matches("nested\\.wasm/instance \\d+#check-b: .*"), b.getMessage());
    }
}
