package dev.wasmlet.runtime.internal.endive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The engine tests (CoreEngineTest and every suite above it) run through the recipe; this says they do. */
class InstanceRecipeTest {
    @Test
    void reachesEndivesInstanceConstructor() {
        // False would mean instances silently fall back to Endive's slower builder (another Endive version?).
        assertTrue(InstanceRecipe.available(), "Endive's package-private Instance constructor is not reachable");
    }
}
