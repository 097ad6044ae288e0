package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentInstance;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.Linker;
import dev.wasmlet.runtime.UnlinkableComponentException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import org.junit.jupiter.api.Test;

/** faults.wat: per-instance state, traps in every phase of a call, host failures, missing hosts. */
class FaultsTest {
    private static final String FAULTS = "wasmlet:abi/faults@1.0.0";

    @WitInterface("wasmlet:abi/faults-host@1.0.0")
    public static final class Host {
        @WitFunction("explode")
        public void explode(String msg) {
            if (msg.equals("trap")) {
                throw new GuestTrapException("the host stops the guest");
            }
            throw new IllegalStateException(msg);
        }
    }

    private final ComponentInstance guest = Abi.instantiate("faults", new Host());

    private static GuestTrapException trap(ComponentInstance instance, String interfaceName, String f, Object... args) {
        return assertThrows(GuestTrapException.class, () -> (interfaceName == null ? instance.function(f)
                : instance.function(interfaceName, f)).call(args));
    }

    @Test
    void twoInstancesDoNotShareState() {
        ComponentInstance other = Abi.instantiate("faults", new Host());
        assertEquals(1, call(guest, "bump"));
        assertEquals(2, call(guest, "bump"));
        assertEquals(3, call(guest, "bump"));
        assertEquals(1, call(other, "bump"));
        assertEquals(4, call(guest, "bump"));
        assertEquals(2, call(other, "bump"));
    }

    @Test
    void aTrapNamesTheExportedFunction() {
        GuestTrapException e = trap(guest, FAULTS, "fail");
        assertTrue(e.getMessage().startsWith("faults.wasm#wasmlet:abi/faults@1.0.0#fail: "), e.getMessage());
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());

        e = trap(Abi.instantiate("faults", new Host()), FAULTS, "div", 1, 0);
        assertTrue(e.getMessage().startsWith("faults.wasm#wasmlet:abi/faults@1.0.0#div: "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("divi"), e.getMessage());

        e = trap(Abi.instantiate("faults", new Host()), FAULTS, "oob", 65534);
        assertTrue(e.getMessage().startsWith("faults.wasm#wasmlet:abi/faults@1.0.0#oob: "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("out of bounds"), e.getMessage());
    }

    @Test
    void aTrappedInstanceCannotBeEnteredAgain() {
        assertEquals(1, call(guest, "bump"));
        trap(guest, FAULTS, "fail");
        GuestTrapException e = trap(guest, null, "bump");
        assertTrue(e.getMessage().contains("trapped earlier and cannot be entered again"), e.getMessage());
        assertTrue(e.getMessage().startsWith("faults.wasm#bump: "), e.getMessage());
        ComponentInstance fresh = Abi.instantiate("faults", new Host());
        assertEquals(-2, fresh.function(FAULTS, "div").call(-4, 2)[0]);
    }

    @Test
    void aTrapInPostReturn() {
        GuestTrapException e = trap(guest, null, "post-trap");
        assertTrue(e.getMessage().startsWith("faults.wasm#post-trap: post-return trapped"), e.getMessage());
    }

    @Test
    void aTrapInReallocWhileLoweringArguments() {
        assertEquals(1000, call(guest, "big", "x".repeat(1000)));
        GuestTrapException e = trap(Abi.instantiate("faults", new Host()), null, "big", "x".repeat(1001));
        assertTrue(e.getMessage().startsWith("faults.wasm#big: realloc trapped while allocating"), e.getMessage());
    }

    @Test
    void reallocMayNotCallAnImport() {
        GuestTrapException e = trap(guest, null, "bad-alloc", "x");
        assertTrue(e.getMessage().contains("may not call an import now"), e.getMessage());
    }

    @Test
    void aHostFailureStopsTheGuest() {
        GuestTrapException e = trap(guest, null, "call-explode", "kaboom");
        assertTrue(e.getMessage().contains("wasmlet:abi/faults-host@1.0.0#explode failed"), e.getMessage());
        assertTrue(e.getMessage().contains("kaboom"), e.getMessage());
        e = trap(Abi.instantiate("faults", new Host()), null, "call-explode", "trap");
        assertEquals("the host stops the guest", e.getMessage());
    }

    @Test
    void anInterfaceNoHostProvidesFailsAtPrepare() {
        var e = assertThrows(UnlinkableComponentException.class,
                () -> new Linker(Abi.RUNTIME).prepare(Abi.component("faults")));
        assertEquals("component imports wasmlet:abi/faults-host@1.0.0 function explode, which no host provides"
                + " (no host interfaces are defined)", e.getMessage());
    }

    @WitInterface("wasmlet:abi/faults-host@1.0.0")
    public static final class EmptyHost {
    }

    @Test
    void aFunctionNoHostProvidesFailsAtPrepare() {
        var e = assertThrows(UnlinkableComponentException.class,
                () -> new Linker(Abi.RUNTIME).define(new EmptyHost()).prepare(Abi.component("faults")));
        assertEquals("component imports wasmlet:abi/faults-host@1.0.0 function explode, which no host provides",
                e.getMessage());
    }

    /** Calls back into the instance that called it. */
    @WitInterface("wasmlet:abi/faults-host@1.0.0")
    public static final class ReentrantHost {
        ComponentInstance instance;

        @WitFunction("explode")
        public void explode(String msg) {
            instance.function("bump").call();
        }
    }

    @Test
    void theHostCannotReenterTheGuestThatCalledIt() {
        ReentrantHost host = new ReentrantHost();
        host.instance = Abi.instantiate("faults", host);
        GuestTrapException e = trap(host.instance, null, "call-explode", "again");
        assertTrue(e.getMessage().contains("faults.wasm#bump"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be entered while it is calling an import"), e.getMessage());
    }
}
