package dev.wasmlet.runtime.internal.binary;

import static dev.wasmlet.runtime.internal.binary.Bin.component;
import static dev.wasmlet.runtime.internal.binary.Bin.of;
import static dev.wasmlet.runtime.internal.binary.Bin.section;
import static dev.wasmlet.runtime.internal.binary.Bin.u32;
import static dev.wasmlet.runtime.internal.binary.Bin.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.InvalidComponentException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Encodings no text-format tool here produces: built byte by byte from Binary.md. */
class HandAssembledTest {

    private static String invalid(byte[] bytes) {
        return assertThrows(InvalidComponentException.class, () -> ComponentParser.parse(bytes)).getMessage();
    }

    @Test
    void nameAttributesAndTheThreeNameForms() {
        byte[] attrs = vec(of(0x00, "wasi:http/types@0.2"), of(0x01, ".7"), of(0x02, "id-1"));
        byte[] imports = vec(
                of(0x00, "a", 0x03, 0x01),
                of(0x01, "wasi:io/error@0.2.0", 0x03, 0x01),
                of(0x02, "types", attrs, 0x03, 0x01));
        ComponentBinary c = ComponentParser.parse(component(section(10, imports)));
        List<Definition.Import> list = c.definitions(Definition.Import.class);
        assertEquals(new ExternName("a", List.of()), list.get(0).name());
        assertEquals(new ExternName("wasi:io/error@0.2.0", List.of()), list.get(1).name());
        ExternName annotated = list.get(2).name();
        assertEquals("types", annotated.name());
        assertEquals(List.of(new ExternName.Implements("wasi:http/types@0.2"), new ExternName.VersionSuffix(".7"),
                new ExternName.ExternalId("id-1")), annotated.attributes());
        assertEquals(Optional.of(".7"), annotated.versionSuffix());
        assertEquals(Optional.of("wasi:http/types@0.2"), annotated.implementsInterface());
        for (Definition.Import i : list) {
            assertEquals(new ExternType.Type(new ExternType.TypeBound.SubResource()), i.type());
        }
        assertEquals(3, c.indexSpace(Sort.TYPE).size(), "type imports append to the type space");
    }

    @Test
    void valuesStartAndValueBounds() {
        byte[] bytes = component(
                section(7, vec(of(0x40, vec(of("x", 0x79)), 0x00, 0x73))),             // type 0: func(x: u32) -> string
                section(10, vec(of(0x00, "f", 0x01, 0),                                 // func 0
                        of(0x00, "v", 0x02, 0x01, 0x79))),                               // value 0: u32
                section(12, vec(of(0x79, u32(2), 0xe5, 0x00),                           // value 1: u32 101 (padded)
                        of(0x73, u32(3), 2, 'h', 'i'))),                                 // value 2: "hi"
                section(9, of(0, vec(of(1)), 1)),                                        // start f(value 1) -> value 3
                section(11, vec(of(0x00, "v", 0x02, 3, 0x01, 0x02, 0x00, 2))));          // export value 3 : (eq 2)
        ComponentBinary c = ComponentParser.parse(bytes);
        List<Definition.Value> values = c.definitions(Definition.Value.class);
        assertEquals(PrimValType.U32, values.get(0).type());
        assertArrayEquals(new byte[] {(byte) 0xe5, 0x00}, values.get(0).encoded().toArray());
        assertEquals(PrimValType.STRING, values.get(1).type());
        assertEquals(3, values.get(1).encoded().length());
        assertEquals('i', values.get(1).encoded().get(2));
        Definition.Start start = c.definitions(Definition.Start.class).get(0);
        assertEquals(0, start.func());
        assertEquals(List.of(1), start.args());
        assertEquals(1, start.definedCount());
        assertEquals(new ExternType.Value(new ExternType.ValueBound.Of(PrimValType.U32)),
                c.definitions(Definition.Import.class).get(1).type());
        Definition.Export export = c.definitions(Definition.Export.class).get(0);
        assertEquals(new SortIdx(Sort.VALUE, 3), export.target());
        assertEquals(Optional.of(new ExternType.Value(new ExternType.ValueBound.Eq(2))), export.type());
        assertEquals(5, c.indexSpace(Sort.VALUE).size(), "import, two values, one start result, one export");
        assertInstanceOf(Definition.Start.class, c.indexSpace(Sort.VALUE).get(3));
    }

    @Test
    void startWithSeveralResultsFillsSeveralIndices() {
        byte[] bytes = component(
                section(7, vec(of(0x40, 0, 0x01, vec(of("a", 0x79), of("b", 0x73))))),  // legacy named results
                section(10, vec(of(0x00, "f", 0x01, 0))),
                section(9, of(0, 0, 2)));
        ComponentBinary c = ComponentParser.parse(bytes);
        var type = (DefType.FuncType) ((Definition.Type) c.definitions().get(0)).type();
        assertEquals(new ResultList.Named(List.of(new DefType.LabeledType("a", PrimValType.U32),
                new DefType.LabeledType("b", PrimValType.STRING))), type.results());
        assertEquals(List.of(PrimValType.U32, PrimValType.STRING), type.results().types());
        assertEquals(2, c.indexSpace(Sort.VALUE).size());
        assertTrue(invalid(component(section(10, vec(of(0x00, "f", 0x01, 0)))))
                .contains("type index 0 out of range"));
    }

    @Test
    void coreInstanceFromInlineExportsOfEveryCoreSort() {
        byte[] moduleType = of(0x50, vec(
                of(0x01, 0x60, vec(of(0x7f)), vec()),                                     // core type 0 (local)
                of(0x02, 0x10, 0x01, 1, 0),                                                // alias outer 1 0
                of(0x00, "m", "t", 0x01, 0x70, 0x05, u32(1), u32(10)),                     // table64? no: flags 5
                of(0x00, "m", "mem", 0x02, 0x0b, u32(1), u32(4), u32(16)),                 // max, shared, page 2^16
                of(0x00, "m", "m64", 0x02, 0x04, u32(1L << 33 >>> 0)),                     // memory64 min
                of(0x00, "m", "tag", 0x04, 0x00, 0),
                of(0x00, "m", "g", 0x03, 0x63, 0x01, 0x00),                                // (ref null $1), immutable
                of(0x03, "f", 0x00, 1)));
        byte[] bytes = component(
                section(3, vec(of(0x60, vec(of(0x7b), of(0x64, 0x70), of(0x6e)), vec(of(0x6f))), moduleType)),
                section(10, vec(of(0x00, "mod", 0x00, 0x11, 1))),
                section(2, vec(of(0x00, 0, vec()))),
                section(6, vec(
                        of(0x00, 0x00, 0x01, 0, "f"),
                        of(0x00, 0x01, 0x01, 0, "t"),
                        of(0x00, 0x02, 0x01, 0, "m"),
                        of(0x00, 0x03, 0x01, 0, "g"),
                        of(0x00, 0x04, 0x01, 0, "e"))),
                section(2, vec(of(0x01, vec(of("f", 0x00, 0), of("t", 0x01, 0), of("m", 0x02, 0), of("g", 0x03, 0),
                        of("e", 0x04, 0), of("ty", 0x10, 1), of("mo", 0x11, 0), of("i", 0x12, 0))))));
        ComponentBinary c = ComponentParser.parse(bytes);
        var func = (CoreDefType.FuncType) c.definitions(Definition.CoreType.class).get(0).type();
        assertEquals(List.of(CoreValueType.Num.V128,
                new CoreValueType.Ref(false, CoreValueType.HeapType.Abstract.FUNC),
                new CoreValueType.Ref(true, CoreValueType.HeapType.Abstract.ANY)), func.params());
        assertEquals(List.of(CoreValueType.EXTERNREF), func.results());
        var module = (CoreDefType.ModuleType) c.definitions(Definition.CoreType.class).get(1).type();
        List<CoreDefType.ModuleDecl> decls = module.decls();
        assertEquals(new CoreDefType.OuterAlias(1, 0), decls.get(1));
        assertEquals(new CoreExternType.Table(CoreValueType.FUNCREF, 1, OptionalLong.of(10), true),
                ((CoreDefType.Import) decls.get(2)).type());
        assertEquals(new CoreExternType.Memory(1, OptionalLong.of(4), true, false, OptionalInt.of(16)),
                ((CoreDefType.Import) decls.get(3)).type());
        assertEquals(new CoreExternType.Memory(1L << 33, OptionalLong.empty(), false, true, OptionalInt.empty()),
                ((CoreDefType.Import) decls.get(4)).type());
        assertEquals(new CoreExternType.Tag(0), ((CoreDefType.Import) decls.get(5)).type());
        assertEquals(new CoreExternType.Global(new CoreValueType.Ref(true, new CoreValueType.HeapType.Concrete(1)),
                false), ((CoreDefType.Import) decls.get(6)).type());
        assertEquals(new CoreDefType.Export("f", new CoreExternType.Func(1)), decls.get(7));

        var exports = c.definitions(Definition.CoreInstanceExports.class).get(0).exports();
        assertEquals(List.of(Sort.CORE_FUNC, Sort.CORE_TABLE, Sort.CORE_MEMORY, Sort.CORE_GLOBAL, Sort.CORE_TAG,
                Sort.CORE_TYPE, Sort.CORE_MODULE, Sort.CORE_INSTANCE),
                exports.stream().map(e -> e.target().sort()).toList());
        for (Sort s : List.of(Sort.CORE_FUNC, Sort.CORE_TABLE, Sort.CORE_MEMORY, Sort.CORE_GLOBAL, Sort.CORE_TAG)) {
            assertEquals(1, c.indexSpace(s).size(), s.specName());
        }
        assertEquals(2, c.indexSpace(Sort.CORE_INSTANCE).size());
    }

    @Test
    void validationRulesTheParserChecks() {
        assertTrue(invalid(component(section(7, vec(of(0x72, 0))))).contains("a record type needs at least one field"));
        assertTrue(invalid(component(section(7, vec(of(0x71, 0))))).contains("a variant type needs at least one case"));
        assertTrue(invalid(component(section(7, vec(of(0x6f, 0))))).contains("a tuple type needs at least one element"));
        assertTrue(invalid(component(section(7, vec(of(0x6d, 0))))).contains("an enum type needs at least one label"));
        assertTrue(invalid(component(section(7, vec(of(0x67, 0x7f, 0))))).contains("fixed-length list length 0"));
        byte[][] labels = new byte[33][];
        for (int i = 0; i < 33; i++) {
            labels[i] = Bin.name("f" + i);
        }
        assertTrue(invalid(component(section(7, vec(of(0x6e, vec(labels))))))
                .contains("a flags type needs 1 to 32 labels, not 33"));
        assertTrue(invalid(component(section(7, vec(of(0x42, vec(of(0x01, 0x3f, 0x7f, 0x00)))))))
                .contains("a resource type cannot be defined inside a component or instance type"));
        assertTrue(invalid(component(section(3, vec(of(0x50, vec(of(0x01, 0x50, 0))))))).contains(
                "core type section at offset 0xe: a core module type cannot be declared inside a core module type"));
        byte[] coreFuncExport = component(
                section(1, Bin.emptyCoreModule()),
                section(2, vec(of(0x00, 0, 0))),
                section(6, vec(of(0x00, 0x00, 0x01, 0, "f"))),
                section(11, vec(of(0x00, "f", 0x00, 0x00, 0, 0))));
        assertTrue(invalid(coreFuncExport).contains("a component cannot export a core func"));
        assertTrue(invalid(component(section(6, vec(of(0x01, 0x01, 0, "f")))))
                .contains("a core export alias must have a core sort, not func"));
        byte[] twoMemories = component(
                section(1, Bin.emptyCoreModule()),
                section(2, vec(of(0x00, 0, 0))),
                section(6, vec(of(0x00, 0x02, 0x01, 0, "m"))),
                section(7, vec(of(0x40, 0, 0x01, 0))),
                section(10, vec(of(0x00, "f", 0x01, 0))),
                section(8, vec(of(0x01, 0x00, 0, vec(of(0x03, 0), of(0x03, 0))))));
        assertTrue(invalid(twoMemories).contains("canonical option memory given twice"));
    }

    @Test
    void canonDefinitionsAppendCoreFuncsAcrossSections() {
        byte[] bytes = component(
                section(8, vec(of(0x24), of(0x1f))),
                section(6, vec(of(0x00, 0x00, 0x01, 0, "x"))));
        assertTrue(invalid(bytes).contains("core instance index 0 out of range"));
        ComponentBinary c = ComponentParser.parse(component(
                section(8, vec(of(0x24), of(0x1f))),
                section(8, vec(of(0x42, 0x01), of(0x28)))));
        assertEquals(4, c.indexSpace(Sort.CORE_FUNC).size());
        assertEquals(new Canon.ThreadAvailableParallelism(c.definitions().get(2).offset(), true),
                c.definitions().get(2));
        assertEquals(CanonKind.THREAD_RESUME_LATER, ((Canon) c.definitions().get(3)).kind());
    }

    @Test
    void byteSliceIsAViewWithValueEquality() {
        byte[] source = {9, 1, 2, 3, 9};
        ByteSlice a = new ByteSlice(source, 1, 3);
        ByteSlice b = new ByteSlice(new byte[] {1, 2, 3}, 0, 3);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertArrayEquals(new byte[] {1, 2, 3}, a.toArray());
        assertEquals(3, a.asByteBuffer().remaining());
        assertEquals(2, a.asByteBuffer().get(1));
        assertTrue(a.asByteBuffer().isReadOnly());
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(3));
    }
}
