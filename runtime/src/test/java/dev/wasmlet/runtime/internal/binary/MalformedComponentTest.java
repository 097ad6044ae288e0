package dev.wasmlet.runtime.internal.binary;

import static dev.wasmlet.runtime.internal.binary.Bin.component;
import static dev.wasmlet.runtime.internal.binary.Bin.of;
import static dev.wasmlet.runtime.internal.binary.Bin.section;
import static dev.wasmlet.runtime.internal.binary.Bin.u32;
import static dev.wasmlet.runtime.internal.binary.Bin.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.MalformedComponentException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Binaries that must fail, and how: the exception type, the section and the offset named. */
class MalformedComponentTest {
    private static final Pattern OFFSET = Pattern.compile("at offset 0x[0-9a-f]+: ");

    private static String malformed(byte[] bytes) {
        return assertThrows(MalformedComponentException.class, () -> ComponentParser.parse(bytes)).getMessage();
    }

    private static String invalid(byte[] bytes) {
        return assertThrows(InvalidComponentException.class, () -> ComponentParser.parse(bytes)).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    // ------------------------------------------------------------------ preamble

    @Test
    void emptyAndShortInput() {
        assertContains(malformed(new byte[0]), "malformed component: preamble at offset 0x0: ",
                "8-byte preamble", "only 0 bytes");
        assertContains(malformed(new byte[] {0, 'a', 's', 'm', 0x0d}), "preamble at offset 0x0", "only 5 bytes");
    }

    @Test
    void wrongMagic() {
        assertContains(malformed(new byte[] {'P', 'K', 3, 4, 0x0d, 0, 1, 0}),
                "malformed component: preamble at offset 0x0: not a WebAssembly binary",
                "expected the magic bytes 00 61 73 6d, found 50 4b 03 04");
    }

    @Test
    void coreModuleGivenAsComponent() {
        assertContains(invalid(Bin.emptyCoreModule()),
                "invalid component: preamble at offset 0x0: this is a core module (version 1, layer 0), not a component");
        // A real core module from the engine tests, with sections after the preamble.
        byte[] engineModule = readResource("/core/engine-a.wasm");
        assertContains(invalid(engineModule), "this is a core module");
        // and where a nested component is expected
        assertContains(invalid(component(section(4, Bin.emptyCoreModule()))),
                "invalid component: preamble at offset 0xa: this is a core module (version 1, layer 0), not a "
                        + "component (in the nested component at offset 0xa)");
    }

    @Test
    void wrongVersionOrLayer() {
        assertContains(invalid(new byte[] {0, 'a', 's', 'm', 0x0a, 0, 1, 0}),
                "preamble at offset 0x0: unsupported component binary version 0xa (Wasmlet reads version 0xd)");
        assertContains(invalid(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 2, 0}), "unknown layer 2");
        assertContains(invalid(new byte[] {0, 'a', 's', 'm', 0x02, 0, 0, 0}), "core module layer binary");
    }

    // ------------------------------------------------------------------ truncation

    /**
     * Every prefix of a small component either ends exactly between top-level sections (and then
     * parses, with fewer definitions) or fails as malformed, naming a section and an offset.
     */
    @Test
    void truncatedAtEveryOffset() {
        for (String fixture : new String[] {"nested.wasm", "canon.wasm", "functypes.wasm"}) {
            byte[] whole = WatFixturesTest.resource(fixture);
            Set<Integer> boundaries = sectionBoundaries(whole);
            int parsed = 0;
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] prefix = Arrays.copyOf(whole, cut);
                if (boundaries.contains(cut)) {
                    ComponentParser.parse(prefix);
                    parsed++;
                    continue;
                }
                int at = cut;
                MalformedComponentException e = assertThrows(MalformedComponentException.class,
                        () -> ComponentParser.parse(prefix), () -> fixture + " cut at " + at);
                assertTrue(e.getMessage().startsWith("malformed component: "), e.getMessage());
                assertTrue(OFFSET.matcher(e.getMessage()).find(), () -> "no offset in: " + e.getMessage());
                if (cut >= 8) {
                    assertTrue(e.getMessage().contains("section"), () -> "no section in: " + e.getMessage());
                }
            }
            assertEquals(boundaries.size() - 1, parsed, fixture + ": every section boundary but the end");
        }
    }

    /** Offsets where a top-level section ends (and the preamble's end): valid places to stop. */
    private static Set<Integer> sectionBoundaries(byte[] bytes) {
        Set<Integer> out = new HashSet<>();
        int pos = 8;
        out.add(pos);
        while (pos < bytes.length) {
            pos++;
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = bytes[pos++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            pos += (int) size;
            out.add(pos);
        }
        return out;
    }

    @Test
    void truncatedInsideANestedComponentNamesTheOuterSection() {
        byte[] whole = WatFixturesTest.resource("nested.wasm");
        ComponentBinary c = ComponentParser.parse(whole);
        int innerStart = c.definitions(Definition.NestedComponent.class).get(0).offset();
        String message = malformed(Arrays.copyOf(whole, innerStart + 20));
        assertContains(message, "section header at offset 0x", "component section of ", "bytes claimed but only");
    }

    // ------------------------------------------------------------------ sizes and LEB128

    @Test
    void hugeSectionSize() {
        assertContains(malformed(of(Bin.PREAMBLE, 7, u32(0xffff_ffffL), 1, 0x73)),
                "section header at offset 0x8: type section of 4294967295 bytes claimed but only 2 bytes are left");
    }

    @Test
    void hugeVectorCount() {
        assertContains(malformed(component(section(7, u32(0xfff_ffffL)))),
                "type section at offset 0xa: 268435455 types claimed but only 0 bytes are left in the section");
        // inside a type: a record claiming a billion fields
        assertContains(malformed(component(section(7, of(1, 0x72, u32(1_000_000_000))))),
                "type section at offset 0xc: 1000000000 record fields claimed");
    }

    @Test
    void hugeNameLength() {
        byte[] imp = of(1, 0x00, u32(0x7fff_ffffL), (int) 'x', 0x01, 0);
        assertContains(malformed(component(section(10, imp))),
                "import section at offset 0xc: import or export name of 2147483647 bytes claimed but only");
    }

    @Test
    void overlongAndOverflowingLeb128() {
        // six-byte u32 (0 padded)
        assertContains(malformed(component(of(7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))),
                "section header at offset 0x9: type section size: integer representation too long");
        // five bytes with bits beyond the 32nd
        assertContains(malformed(component(of(7, 0xff, 0xff, 0xff, 0xff, 0x1f))),
                "section header at offset 0x9: type section size: integer too large");
        // padding within five bytes is allowed, as in core WebAssembly
        ComponentBinary padded = ComponentParser.parse(component(of(7, 0x82, 0x80, 0x00, 1, 0x73)));
        assertEquals(1, padded.indexSpace(Sort.TYPE).size());
    }

    @Test
    void overlongTypeIndexInValueType() {
        // (type (list <s33 with six bytes>))
        byte[] t = of(2, 0x73, 0x70, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
        assertContains(malformed(component(section(7, t))),
                "type section at offset 0xd: value type: integer representation too long");
    }

    // ------------------------------------------------------------------ unknown codes

    @Test
    void unknownSectionId() {
        assertContains(malformed(component(section(13, new byte[0]))),
                "malformed component: section header at offset 0x8: unknown section id 13");
    }

    @Test
    void unknownTypeCodes() {
        assertContains(malformed(component(section(7, vec(of(0x55))))),
                "malformed component: type section at offset 0xb: unknown defined type code 0x55");
        // a type constructor where a value type is expected
        assertContains(malformed(component(section(7, vec(of(0x70, 0x72))))),
                "type section at offset 0xc: unknown value type code 0x72 (expected a primitive type or a type index)");
        assertContains(malformed(component(section(7, vec(of(0x6c, 0x01, 0x73))))),
                "type section at offset 0xb: union types (0x6c) are no longer part of the component model");
        assertContains(malformed(component(section(3, vec(of(0x61))))),
                "core type section at offset 0xb: unknown core type code 0x61");
        assertContains(invalid(component(section(3, vec(of(0x5f, 0x00))))),
                "core type section at offset 0xb: core type code 0x5f (struct type) is from the GC proposal");
        assertContains(malformed(component(section(8, vec(of(0x08))))),
                "canon section at offset 0xb: unknown canonical definition opcode 0x08");
        assertContains(malformed(component(section(6, vec(of(0x01, 0x07, 0, 0))))),
                "alias section at offset 0xc: unknown alias target 0x07");
        assertContains(malformed(component(section(6, vec(of(0x09, 0x00, 0, "x"))))),
                "alias section at offset 0xb: unknown sort 0x09");
        assertContains(malformed(component(section(10, vec(of(0x00, "f", 0x09, 0))))),
                "import section at offset 0xe: unknown extern type 0x09");
        assertContains(malformed(component(section(10, vec(of(0x05, "f", 0x01, 0))))),
                "import section at offset 0xb: unknown import or export name form 0x05");
        assertContains(malformed(component(section(7, vec(of(0x42, 1, 0x03, 0x00, "x", 0x01, 0))))),
                "type section at offset 0xd: an instance type cannot have an import declarator (0x03)");
        assertContains(malformed(component(section(7, vec(of(0x40, 0, 0x02))))),
                "type section at offset 0xd: unknown result list form 0x02");
        assertContains(malformed(component(section(7, vec(of(0x71, 1, "a", 0x00, 0x01, 0))))),
                "variant case 'refines' (0x01) is no longer part of the component model");
    }

    @Test
    void sectionSizeMismatch() {
        // a type section of 3 bytes holding one 1-byte type: one byte left over
        assertContains(malformed(component(of(7, 3, 1, 0x73, 0x73))),
                "type section at offset 0xc: 1 bytes left over after the last entry (the section size says 3)");
        // a type section too short for its entry: the read stops at the section's end
        assertContains(malformed(component(of(7, 2, 1, 0x70), section(7, vec(of(0x73))))),
                "type section at offset 0xc: expected value type but the section ends here");
    }

    @Test
    void badUtf8Name() {
        assertContains(malformed(component(section(10, vec(of(0x00, u32(2), 0xc3, 0x28, 0x01, 0))))),
                "import section at offset 0xc: import or export name is not valid UTF-8");
    }

    @Test
    void coreModuleSectionHoldingSomethingElse() {
        assertContains(malformed(component(section(1, of(1, 2, 3)))),
                "core module section at offset 0xa: expected the 8-byte preamble of a core module");
        assertContains(invalid(component(section(1, Bin.PREAMBLE))),
                "core module section at offset 0xa: expected a core module but found a component (layer 1)");
    }

    // ------------------------------------------------------------------ indices

    @Test
    void indexOutOfRange() {
        // canon lift of core func 5 with no core function at all
        assertContains(invalid(component(section(8, vec(of(0x00, 0x00, 5, 0, 0))))),
                "invalid component: canon section at offset 0xd: core func index 5 out of range "
                        + "(the core func index space of this component has 0 entries here)");
        // a list of type 3 when one type exists
        assertContains(invalid(component(section(7, vec(of(0x73), of(0x70, 3))))),
                "type section at offset 0xd: type index 3 out of range");
        // an export of func 0 when there are none
        assertContains(invalid(component(section(11, vec(of(0x00, "f", 0x01, 0, 0))))),
                "export section at offset 0xf: func index 0 out of range");
        // an own handle of a later type: indices are checked against the space as it stands
        assertContains(invalid(component(section(7, vec(of(0x69, 0))))),
                "type section at offset 0xc: type index 0 out of range");
    }

    @Test
    void outerAliasBeyondTheEnclosingScopes() {
        assertContains(invalid(component(section(6, vec(of(0x03, 0x02, 1, 0))))),
                "alias section at offset 0xd: outer alias count 1 reaches beyond the 0 enclosing scopes");
        byte[] nested = component(section(6, vec(of(0x03, 0x02, 1, 0))));
        assertContains(invalid(component(section(4, nested))),
                "alias section at offset 0x18: outer alias index 0 out of range (the type index space of the "
                        + "component 1 level out has 0 entries)", "(in the nested component at offset 0xa)");
        assertContains(invalid(component(section(6, vec(of(0x01, 0x02, 0, 0))))),
                "an outer alias may alias a core module, core type, component or type, not a func");
    }

    @Test
    void repeatedCanonOptions() {
        byte[] bytes = component(
                section(1, Bin.emptyCoreModule()),
                section(2, vec(of(0x00, 0, 0))),
                section(7, vec(of(0x40, 0, 0x01, 0))),
                section(10, vec(of(0x00, "f", 0x01, 0))),
                section(8, vec(of(0x01, 0x00, 0, vec(of(0x00), of(0x01))))));
        assertContains(invalid(bytes), "canon section at offset 0x", "string-encoding=utf16 conflicts with "
                + "string-encoding=utf8");
    }

    // ------------------------------------------------------------------ nesting

    @Test
    void deepComponentNesting() {
        assertContains(malformed(nestComponents(ComponentParser.MAX_NESTING_DEPTH)),
                "component nested more than 100 levels deep");
        ComponentBinary ok = ComponentParser.parse(nestComponents(ComponentParser.MAX_NESTING_DEPTH - 1));
        int depth = 1;
        while (!ok.definitions().isEmpty()) {
            ok = ((Definition.NestedComponent) ok.definitions().get(0)).component();
            depth++;
        }
        assertEquals(ComponentParser.MAX_NESTING_DEPTH, depth);
        // far deeper than any stack could take without the limit
        assertContains(malformed(nestComponents(5000)), "nested more than 100 levels deep");
    }

    private static byte[] nestComponents(int levels) {
        byte[] c = component();
        for (int i = 0; i < levels; i++) {
            c = component(section(4, c));
        }
        return c;
    }

    @Test
    void deepTypeNesting() {
        // (instance (export "i" (type (instance (... )))) as declarator types, 200 levels
        byte[] t = of(0x42, 0);
        for (int i = 0; i < 200; i++) {
            t = of(0x42, 1, 0x01, t);
        }
        assertContains(malformed(component(section(7, vec(t)))), "type section at offset 0x",
                "instance type nested more than 100 levels deep");
    }

    // ------------------------------------------------------------------ custom sections

    @Test
    void customSectionsAreNeverFatal() {
        byte[] badName = section(0, of(u32(100), (int) 'x'));
        byte[] badUtf8 = section(0, of(2, 0xff, 0xfe, 1, 2, 3));
        byte[] good = section(0, of("name", 9, 9));
        ComponentBinary c = ComponentParser.parse(component(badName, badUtf8, good, section(7, vec(of(0x73)))));
        assertEquals(3, c.customSections().size());
        assertTrue(c.customSections().get(0).name().isEmpty());
        assertEquals(2, c.customSections().get(0).contents().length());
        assertTrue(c.customSections().get(1).name().isEmpty());
        assertEquals("name", c.customSections().get(2).name().orElseThrow());
        assertEquals(2, c.customSections().get(2).contents().length());
        assertEquals(1, c.definitions().size());
        // but a custom section's own size must fit
        assertContains(malformed(component(of(0, 50, 1, 2))), "custom section of 50 bytes claimed");
    }

    // ------------------------------------------------------------------ robustness

    /**
     * Random corruption of valid components: whatever the bytes, the parser answers with a
     * component or one of the two exceptions, never with anything else.
     */
    @Test
    void corruptedComponentsFailCleanly() {
        Random random = new Random(20240611L);
        String[] fixtures = {"valtypes.wasm", "functypes.wasm", "nested.wasm", "resources.wasm", "canon.wasm",
            "names.wasm", "async.wasm"};
        int failures = 0;
        for (String fixture : fixtures) {
            byte[] original = WatFixturesTest.resource(fixture);
            for (int round = 0; round < 3000; round++) {
                byte[] bytes = original.clone();
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = 8 + random.nextInt(bytes.length - 8);
                    bytes[at] = switch (random.nextInt(4)) {
                        case 0 -> (byte) random.nextInt(256);
                        case 1 -> (byte) 0xff;
                        case 2 -> (byte) (bytes[at] + 1);
                        default -> (byte) 0x80;
                    };
                }
                try {
                    ComponentParser.parse(bytes);
                } catch (MalformedComponentException | InvalidComponentException e) {
                    failures++;
                    assertTrue(OFFSET.matcher(e.getMessage()).find(), e.getMessage());
                } catch (RuntimeException | Error e) {
                    fail(fixture + " corrupted gave " + e, e);
                }
            }
        }
        assertTrue(failures > 5000, "most corruptions are detected: " + failures);
    }

    private static byte[] readResource(String path) {
        try (var in = MalformedComponentTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
