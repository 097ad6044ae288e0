package dev.wasmlet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.engine.CoreEngine;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentRuntimeTest {
    @Test
    void findsTheEngineOfTheTestsByName() {
        try (ComponentRuntime runtime = TestEngines.runtime(Optional.empty())) {
            assertEquals(TestEngines.ENGINE, runtime.engine().name());
        }
    }

    @Test
    void anEngineNoModuleProvidesIsRefusedNamingTheAvailableOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ComponentRuntime.withEngine("wasmer", Optional.empty(), CoreEngine.DEFAULT_MAX_MEMORY_BYTES));
        assertTrue(e.getMessage().startsWith("engine wasmer is not available: no module on the class path provides it"
                + " (available: endive"), e.getMessage());
    }
}
