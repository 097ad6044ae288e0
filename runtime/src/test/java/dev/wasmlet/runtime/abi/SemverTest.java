package dev.wasmlet.runtime.abi;

import static dev.wasmlet.runtime.abi.Abi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.UnlinkableComponentException;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import org.junit.jupiter.api.Test;

/** version-a.wat imports wasmlet:abi/version@0.2.0, version-b.wat @0.2.12. */
class SemverTest {
    @WitInterface("wasmlet:abi/version@0.2.12")
    public static final class Host0212 {
        @WitFunction("name")
        public int name() {
            return 212;
        }
    }

    @WitInterface("wasmlet:abi/version@0.2.0")
    public static final class Host0200 {
        @WitFunction("name")
        public int name() {
            return 200;
        }
    }

    @WitInterface("wasmlet:abi/version@0.3.0")
    public static final class Host0300 {
        @WitFunction("name")
        public int name() {
            return 300;
        }
    }

    @Test
    void aNewerPatchHostServesAnOlderImport() {
        assertEquals(212, call(Abi.instantiate("version-a", new Host0212()), "ask"));
    }

    @Test
    void anOlderPatchHostServesANewerImport() {
        assertEquals(200, call(Abi.instantiate("version-b", new Host0200()), "ask"));
    }

    @Test
    void anotherMinorBelowOneDoesNot() {
        for (String component : new String[] {"version-a", "version-b"}) {
            var e = assertThrows(UnlinkableComponentException.class, () -> Abi.instantiate(component, new Host0300()));
            assertTrue(e.getMessage().contains("wasmlet:abi/version@0.2."), e.getMessage());
            assertTrue(e.getMessage().contains("wasmlet:abi/version@0.3.0"), "lists the hosts: " + e.getMessage());
        }
    }

    @Test
    void theCompatibleHostIsChosenAmongSeveral() {
        assertEquals(200, call(Abi.instantiate("version-b", new Host0300(), new Host0200()), "ask"));
    }
}
