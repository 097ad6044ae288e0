package dev.wasmlet.runtime.internal.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Components built by real toolchains: the fixtures of {@code guests/fixtures} (relative to the
 * runtime module, where Maven runs the tests). A test whose fixture is not built is skipped.
 */
class RealComponentsTest {
    private static final Path FIXTURES = Path.of("..", "guests", "fixtures");

    private static ComponentBinary fixture(String name) throws IOException {
        Path path = FIXTURES.resolve(name);
        assertTrue(Files.isRegularFile(path), () -> "fixture not built (run guests/build.sh): " + path);
        return ComponentParser.parse(Files.readAllBytes(path));
    }

    /**
     * A StarlingMonkey component from {@code jco componentize}: four core modules (engine,
     * preview1 adapter, indirect-call shim, fixups), a nested component that re-exports the
     * handler with imported resource types, about a hundred lowered imports, one lift.
     */
    private static void assertStarlingMonkeyShape(ComponentBinary c, String httpVersion) {
        List<Definition.CoreModule> modules = c.definitions(Definition.CoreModule.class);
        assertEquals(4, modules.size(), "core modules");
        for (Definition.CoreModule m : modules) {
            assertEquals(0, m.bytes().get(0));
            assertEquals('a', m.bytes().get(1));
            assertEquals(1, m.bytes().get(4), "core version 1");
            assertEquals(m.offset(), m.bytes().offset());
        }
        assertTrue(modules.stream().mapToInt(m -> m.bytes().length()).max().orElseThrow() > 5 << 20,
                "the engine module is megabytes");

        List<Canon.Lower> lowers = c.definitions(Canon.Lower.class);
        assertTrue(lowers.size() >= 80 && lowers.size() <= 140, "about 100 canon lower: " + lowers.size());
        assertEquals(1, c.definitions(Canon.Lift.class).size(), "one canon lift");
        int drops = c.definitions(Canon.ResourceDrop.class).size();
        assertTrue(drops >= 15 && drops <= 30, "about 21 resource.drop: " + drops);
        for (Canon.Lower lower : lowers) {
            assertEquals(CanonOptions.StringEncoding.UTF8, lower.options().stringEncoding());
            assertFalse(lower.options().postReturn().isPresent());
        }
        assertTrue(lowers.stream().anyMatch(l -> l.options().memory().isPresent()
                && l.options().realloc().isPresent()), "lowers returning lists carry memory and realloc");
        assertTrue(c.definitions(Canon.class).stream().allMatch(k -> k.kind().isMvp()), "no async built-ins");

        List<Definition.Import> imports = c.definitions(Definition.Import.class);
        assertTrue(imports.size() >= 15, "imports: " + imports.size());
        for (Definition.Import i : imports) {
            assertTrue(i.name().name().startsWith("wasi:"), i.name().name());
            assertTrue(i.name().name().contains("@0.2."), i.name().name());
            assertEquals(Sort.INSTANCE, i.sort());
        }
        assertTrue(imports.stream().anyMatch(i -> i.name().name().equals("wasi:http/types@" + httpVersion)));

        List<Definition.NestedComponent> nested = c.definitions(Definition.NestedComponent.class);
        assertEquals(1, nested.size(), "one nested component");
        ComponentBinary inner = nested.get(0).component();
        assertTrue(inner.definitions(Definition.Import.class).stream()
                .anyMatch(i -> i.type() instanceof ExternType.Type t && t.bound() instanceof ExternType.TypeBound.SubResource),
                "the nested component imports resource types");
        Definition.Export handle = inner.definitions(Definition.Export.class).stream()
                .filter(e -> e.name().name().equals("handle")).findFirst().orElseThrow();
        assertEquals(Sort.FUNC, handle.sort());
        assertTrue(handle.type().isPresent(), "the handler export ascribes its type");

        Definition.Export export = c.definitions(Definition.Export.class).stream()
                .filter(e -> e.name().name().startsWith("wasi:http/incoming-handler@")).findFirst().orElseThrow();
        assertEquals("wasi:http/incoming-handler@" + httpVersion, export.name().name());
        assertEquals(Sort.INSTANCE, export.sort());
        var instance = c.indexSpace(Sort.INSTANCE).get(export.target().index());
        assertTrue(instance instanceof Definition.Instantiate i
                && c.indexSpace(Sort.COMPONENT).get(i.component()) == nested.get(0), "exports the nested instance");
    }

    @Test
    void javaScriptComponent0210() throws IOException {
        assertStarlingMonkeyShape(fixture("js-0.2.10.wasm"), "0.2.10");
    }

    @Test
    void javaScriptComponent023() throws IOException {
        assertStarlingMonkeyShape(fixture("js-0.2.3.wasm"), "0.2.3");
    }

    @Test
    void freestandingCComponent() throws IOException {
        ComponentBinary c = fixture("c-freestanding.wasm");
        // The main module plus jco's indirect-call shim and its fixup; no preview1 adapter.
        assertEquals(3, c.definitions(Definition.CoreModule.class).size());
        assertTrue(c.definitions(Definition.Import.class).stream()
                .noneMatch(i -> i.name().name().startsWith("wasi:filesystem/")), "the adapter's imports are absent");
        assertTrue(c.definitions(Canon.Lower.class).size() >= 5);
        assertFalse(c.definitions(Canon.Lift.class).isEmpty());
        assertTrue(c.definitions(Definition.Export.class).stream()
                .anyMatch(e -> e.name().name().startsWith("wasi:http/incoming-handler@0.2.")));
    }

    @Test
    void everyFixtureParsesWithConsistentIndexSpaces() throws IOException {
        assertTrue(Files.isDirectory(FIXTURES), "no fixtures directory");
        List<Path> wasm;
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            wasm = files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        assertFalse(wasm.isEmpty(), "no fixture built yet");
        for (Path path : wasm) {
            byte[] bytes = Files.readAllBytes(path);
            ComponentBinary c = ComponentParser.parse(bytes);
            assertEquals(bytes.length, c.size(), path.toString());
            assertConsistent(c, path.toString());
        }
    }

    /** Every index space entry comes from a definition of that sort; nested ones likewise. */
    private static void assertConsistent(ComponentBinary c, String where) {
        int total = 0;
        for (Sort sort : Sort.values()) {
            for (Definition d : c.indexSpace(sort)) {
                assertEquals(sort, d.sort(), where);
            }
            total += c.indexSpace(sort).size();
        }
        assertEquals(c.definitions().stream().mapToInt(Definition::definedCount).sum(), total, where);
        int previous = -1;
        for (Definition d : c.definitions()) {
            assertTrue(d.offset() > previous, where + ": definitions in binary order");
            previous = d.offset();
            if (d instanceof Definition.NestedComponent n) {
                assertConsistent(n.component(), where + " > nested at " + n.offset());
            }
        }
    }
}
