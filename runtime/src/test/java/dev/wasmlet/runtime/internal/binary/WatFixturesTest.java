package dev.wasmlet.runtime.internal.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.internal.binary.CanonOptions.StringEncoding;
import dev.wasmlet.runtime.internal.binary.DefType.LabeledType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Components written in the text format ({@code src/test/resources/wat/*.wat}, built with
 * {@code jco parse} into the {@code .wasm} beside them): each test checks the AST piece by piece.
 */
class WatFixturesTest {

    static byte[] resource(String name) {
        try (InputStream in = WatFixturesTest.class.getResourceAsStream("/wat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource wat/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ComponentBinary parse(String name) {
        return ComponentParser.parse(resource(name));
    }

    private static DefType type(ComponentBinary c, int index) {
        return ((Definition.Type) c.indexSpace(Sort.TYPE).get(index)).type();
    }

    @Test
    void everyDefinedValueTypeConstructor() {
        ComponentBinary c = parse("valtypes.wasm");
        List<Definition.Type> types = c.definitions(Definition.Type.class);
        assertEquals(34, types.size());
        assertEquals(34, c.indexSpace(Sort.TYPE).size());
        assertEquals(c.definitions().size(), types.size(), "nothing but types");

        var rec = assertInstanceOf(DefType.RecordType.class, type(c, 0));
        assertEquals(List.of(new LabeledType("a", PrimValType.U32), new LabeledType("b", PrimValType.STRING)),
                rec.fields());
        var variant = assertInstanceOf(DefType.VariantType.class, type(c, 1));
        assertEquals(List.of(new DefType.Case("none", Optional.empty()),
                new DefType.Case("some", Optional.of(new ValType.TypeIndex(0)))), variant.cases());
        assertEquals(new DefType.ListType(new ValType.TypeIndex(0)), type(c, 2));
        assertEquals(new DefType.FixedListType(PrimValType.U8, 4), type(c, 3));
        assertEquals(new DefType.TupleType(List.of(PrimValType.U8, PrimValType.S64, new ValType.TypeIndex(2))),
                type(c, 4));
        assertEquals(new DefType.FlagsType(List.of("read", "write", "exec")), type(c, 5));
        assertEquals(new DefType.EnumType(List.of("red", "green")), type(c, 6));
        assertEquals(new DefType.OptionType(PrimValType.F64), type(c, 7));
        assertEquals(new DefType.ResultType(Optional.empty(), Optional.empty()), type(c, 8));
        assertEquals(new DefType.ResultType(Optional.of(PrimValType.U32), Optional.empty()), type(c, 9));
        assertEquals(new DefType.ResultType(Optional.empty(), Optional.of(PrimValType.STRING)), type(c, 10));
        assertEquals(new DefType.ResultType(Optional.of(new ValType.TypeIndex(0)),
                Optional.of(new ValType.TypeIndex(6))), type(c, 11));
        assertEquals(new DefType.ResourceType(CoreValueType.Num.I32, OptionalInt.empty()), type(c, 12));
        assertEquals(new DefType.OwnType(12), type(c, 13));
        assertEquals(new DefType.BorrowType(12), type(c, 14));
        assertEquals(new DefType.StreamType(Optional.of(PrimValType.U8)), type(c, 15));
        assertEquals(new DefType.StreamType(Optional.empty()), type(c, 16));
        assertEquals(new DefType.FutureType(Optional.of(PrimValType.STRING)), type(c, 17));
        assertEquals(new DefType.FutureType(Optional.empty()), type(c, 18));
        assertEquals(new DefType.MapType(PrimValType.STRING, PrimValType.U32), type(c, 19));
        assertEquals(new DefType.PrimitiveType(PrimValType.ERROR_CONTEXT), type(c, 20));
        PrimValType[] prims = PrimValType.values();
        for (int i = 0; i < 13; i++) {
            assertEquals(new DefType.PrimitiveType(prims[i]), type(c, 21 + i), "primitive " + prims[i]);
        }
        for (int i = 0; i < 34; i++) {
            assertEquals(i != 12, type(c, i) instanceof DefType.DefValType, "value type or not at " + i);
        }
        assertEquals(Optional.of("component-name"), c.customSections().get(0).name());
    }

    @Test
    void functionComponentAndInstanceTypes() {
        ComponentBinary c = parse("functypes.wasm");
        assertEquals(6, c.indexSpace(Sort.TYPE).size());
        assertEquals(1, c.indexSpace(Sort.CORE_TYPE).size());
        assertEquals(1, c.indexSpace(Sort.FUNC).size());
        assertEquals(1, c.indexSpace(Sort.COMPONENT).size());

        assertEquals(new DefType.FuncType(false, List.of(), new ResultList.None()), type(c, 1));
        assertEquals(new DefType.FuncType(false, List.of(new LabeledType("p", new ValType.TypeIndex(0)),
                new LabeledType("s", PrimValType.STRING)), new ResultList.Single(PrimValType.U64)), type(c, 2));
        var async = assertInstanceOf(DefType.FuncType.class, type(c, 3));
        assertTrue(async.async());
        assertEquals(List.of(PrimValType.STRING), async.results().types());

        var instance = assertInstanceOf(DefType.InstanceType.class, type(c, 4));
        List<Decl> id = instance.decls();
        assertEquals(6, id.size());
        assertEquals(Sort.TYPE, id.get(0).sort());
        assertEquals(new AliasTarget.Outer(1, 0), ((Decl.Alias) id.get(0)).target());
        var point = (Decl.Export) id.get(1);
        assertEquals("point", point.name().name());
        assertEquals(new ExternType.Type(new ExternType.TypeBound.Eq(0)), point.type());
        assertEquals(new ExternType.Type(new ExternType.TypeBound.SubResource()), ((Decl.Export) id.get(2)).type());
        assertEquals(new DefType.BorrowType(2), ((Decl.Type) id.get(3)).type());
        assertEquals(new ExternType.Func(4), ((Decl.Export) id.get(5)).type());
        assertEquals("[method]res.get", ((Decl.Export) id.get(5)).name().name());

        var component = assertInstanceOf(DefType.ComponentType.class, type(c, 5));
        List<Decl> cd = component.decls();
        assertEquals(List.of(Decl.Alias.class, Decl.Import.class, Decl.Alias.class, Decl.Type.class, Decl.Type.class,
                Decl.Import.class, Decl.CoreType.class, Decl.Export.class, Decl.Export.class),
                cd.stream().map(Object::getClass).toList());
        assertEquals(new AliasTarget.Outer(1, 4), ((Decl.Alias) cd.get(0)).target());
        assertEquals(new ExternType.Instance(0), ((Decl.Import) cd.get(1)).type());
        assertEquals(new AliasTarget.Export(0, "res"), ((Decl.Alias) cd.get(2)).target());
        assertEquals(new DefType.OwnType(1), ((Decl.Type) cd.get(3)).type());
        var module = assertInstanceOf(CoreDefType.ModuleType.class, ((Decl.CoreType) cd.get(6)).type());
        assertEquals(List.of(
                new CoreDefType.Type(new CoreDefType.FuncType(List.of(CoreValueType.Num.I32, CoreValueType.Num.I64),
                        List.of(CoreValueType.Num.F32))),
                new CoreDefType.Import("env", "f", new CoreExternType.Func(0)),
                new CoreDefType.Import("env", "mem", new CoreExternType.Memory(1, OptionalLong.of(2), false, false,
                        OptionalInt.empty())),
                new CoreDefType.Import("env", "tbl", new CoreExternType.Table(CoreValueType.EXTERNREF, 3,
                        OptionalLong.empty(), false)),
                new CoreDefType.Import("env", "g", new CoreExternType.Global(CoreValueType.Num.I32, true)),
                new CoreDefType.Export("run", new CoreExternType.Func(0))), module.decls());
        assertEquals(new ExternType.CoreModule(0), ((Decl.Export) cd.get(7)).type());
        assertEquals(new ExternType.Component(0), ((Decl.Export) cd.get(8)).type());

        assertEquals(new CoreDefType.FuncType(List.of(CoreValueType.Num.I32, CoreValueType.Num.I32),
                List.of(CoreValueType.Num.I32)), c.definitions(Definition.CoreType.class).get(0).type());
        List<Definition.Import> imports = c.definitions(Definition.Import.class);
        assertEquals(new ExternType.Func(2), imports.get(0).type());
        assertEquals(new ExternType.Component(5), imports.get(1).type());
    }

    @Test
    void nestedComponentWithOuterAliases() {
        byte[] bytes = resource("nested.wasm");
        ComponentBinary c = ComponentParser.parse(bytes);
        assertEquals(0, c.offset());
        assertEquals(bytes.length, c.size());
        List<Definition.NestedComponent> nested = c.definitions(Definition.NestedComponent.class);
        assertEquals(1, nested.size());
        ComponentBinary inner = nested.get(0).component();
        assertEquals(nested.get(0).offset(), inner.offset());
        assertEquals(bytes[inner.offset() + 1], 'a', "the nested component's offset is that of its preamble");
        List<Definition.Alias> innerAliases = inner.definitions(Definition.Alias.class);
        assertEquals(List.of(new Definition.Alias(innerAliases.get(0).offset(), Sort.TYPE, new AliasTarget.Outer(1, 0)),
                new Definition.Alias(innerAliases.get(1).offset(), Sort.CORE_MODULE, new AliasTarget.Outer(1, 0)),
                new Definition.Alias(innerAliases.get(2).offset(), Sort.TYPE, new AliasTarget.Outer(1, 1))),
                innerAliases);
        for (Definition d : inner.definitions()) {
            assertTrue(d.offset() > inner.offset() && d.offset() < inner.offset() + inner.size(),
                    "absolute offset " + d.offset() + " inside the nested component");
        }
        ComponentBinary innermost = inner.definitions(Definition.NestedComponent.class).get(0).component();
        assertEquals(new AliasTarget.Outer(2, 0), innermost.definitions(Definition.Alias.class).get(0).target());
        assertEquals(new Definition.CoreInstantiate(inner.definitions(Definition.CoreInstantiate.class).get(0).offset(),
                0, List.of()), inner.definitions(Definition.CoreInstantiate.class).get(0));

        List<Definition.Instantiate> instantiations = c.definitions(Definition.Instantiate.class);
        assertEquals(2, instantiations.size());
        assertEquals(List.of(new Definition.Instantiate.Arg("greet", new SortIdx(Sort.FUNC, 0))),
                instantiations.get(0).args());
        assertEquals(List.of(new Definition.Instantiate.Arg("greet", new SortIdx(Sort.FUNC, 1))),
                instantiations.get(1).args());
        var bag = c.definitions(Definition.InstanceExports.class).get(0);
        assertEquals(List.of(new SortIdx(Sort.FUNC, 0), new SortIdx(Sort.TYPE, 0)),
                bag.exports().stream().map(Definition.InstanceExports.Export::target).toList());

        // Exports append to the index space of their sort, like aliases.
        assertEquals(List.of(Sort.FUNC, Sort.INSTANCE, Sort.COMPONENT, Sort.CORE_MODULE),
                c.definitions(Definition.Export.class).stream().map(Definition::sort).toList());
        assertEquals(4, c.indexSpace(Sort.FUNC).size());
        assertEquals(5, c.indexSpace(Sort.INSTANCE).size());
        assertEquals(2, c.indexSpace(Sort.COMPONENT).size());
        assertEquals(2, c.indexSpace(Sort.CORE_MODULE).size());
        assertInstanceOf(Definition.Export.class, c.indexSpace(Sort.INSTANCE).get(4));
        var run = c.definitions(Definition.Export.class).get(0);
        assertEquals(new AliasTarget.Export(2, "greet2"),
                ((Definition.Alias) c.indexSpace(Sort.FUNC).get(run.target().index())).target());
    }

    @Test
    void resourceTypeWithDestructorAndResourceBuiltins() {
        ComponentBinary c = parse("resources.wasm");
        var withDtor = assertInstanceOf(DefType.ResourceType.class, type(c, 0));
        assertEquals(CoreValueType.Num.I32, withDtor.representation());
        assertEquals(OptionalInt.of(0), withDtor.destructor());
        var dtor = (Definition.Alias) c.indexSpace(Sort.CORE_FUNC).get(0);
        assertEquals(new AliasTarget.CoreExport(0, "dtor"), dtor.target());
        assertEquals(OptionalInt.empty(), ((DefType.ResourceType) type(c, 1)).destructor());

        assertEquals(0, c.definitions(Canon.ResourceNew.class).get(0).resource());
        assertEquals(0, c.definitions(Canon.ResourceDrop.class).get(0).resource());
        assertEquals(0, c.definitions(Canon.ResourceRep.class).get(0).resource());
        assertEquals(List.of(CanonKind.RESOURCE_NEW, CanonKind.RESOURCE_DROP, CanonKind.RESOURCE_REP),
                c.indexSpace(Sort.CORE_FUNC).subList(1, 4).stream().map(d -> ((Canon) d).kind()).toList());

        // The exported resource is type 2: own and borrow refer to the export, not the definition.
        assertInstanceOf(Definition.Export.class, c.indexSpace(Sort.TYPE).get(2));
        assertEquals(new DefType.OwnType(2), type(c, 3));
        assertEquals(new DefType.BorrowType(2), type(c, 4));
        var lift = c.definitions(Canon.Lift.class).get(0);
        assertEquals(5, lift.type());
        assertEquals(CanonOptions.NONE, lift.options());
        assertEquals(Sort.FUNC, lift.sort());
    }

    @Test
    void canonOptions() {
        ComponentBinary c = parse("canon.wasm");
        List<Canon.Lower> lowers = c.definitions(Canon.Lower.class);
        assertEquals(4, lowers.size());
        assertEquals(List.of(StringEncoding.UTF8, StringEncoding.UTF16, StringEncoding.LATIN1_UTF16,
                StringEncoding.UTF8), lowers.stream().map(l -> l.options().stringEncoding()).toList());
        assertEquals(List.of(true, true, true, false),
                lowers.stream().map(l -> l.options().stringEncodingGiven()).toList());
        for (Canon.Lower lower : lowers) {
            assertEquals(0, lower.func());
            assertTrue(lower.options().memory().isPresent());
            assertFalse(lower.options().realloc().isPresent());
            assertEquals(Sort.CORE_FUNC, lower.sort());
        }
        var args = c.definitions(Definition.CoreInstantiate.class).get(1).args();
        assertEquals(List.of(new Definition.CoreInstantiate.Arg("host", 1)), args);
        var host = c.definitions(Definition.CoreInstanceExports.class).get(0);
        assertEquals(List.of("log8", "log16", "logl", "logd"),
                host.exports().stream().map(Definition.CoreInstanceExports.Export::name).toList());
        assertEquals(new SortIdx(Sort.CORE_FUNC, 3), host.exports().get(3).target());

        Canon.Lift lift = c.definitions(Canon.Lift.class).get(0);
        CanonOptions o = lift.options();
        assertEquals(StringEncoding.UTF16, o.stringEncoding());
        List<Definition> coreFuncs = c.indexSpace(Sort.CORE_FUNC);
        assertEquals("hello", coreExportName(coreFuncs.get(lift.coreFunc())));
        assertEquals("cabi_realloc", coreExportName(coreFuncs.get(o.realloc().getAsInt())));
        assertEquals("cabi_post_hello", coreExportName(coreFuncs.get(o.postReturn().getAsInt())));
        assertEquals("mem", coreExportName(c.indexSpace(Sort.CORE_MEMORY).get(o.memory().getAsInt())));
        assertFalse(o.async());
        assertEquals(OptionalInt.empty(), o.callback());
    }

    private static String coreExportName(Definition d) {
        return ((AliasTarget.CoreExport) ((Definition.Alias) d).target()).name();
    }

    @Test
    void importAndExportNamesKeepTheirVersions() {
        ComponentBinary c = parse("names.wasm");
        assertEquals(List.of("wasi:io/error@0.2.12", "wasi:http/types@0.2.0",
                "wasi:cli/environment@0.2.3-rc.1+build.5", "plain-name", "[constructor]thing",
                "unlocked-dep=<a:b/c@{>=1.2.3 <1.3.0}>"),
                c.definitions(Definition.Import.class).stream().map(i -> i.name().name()).toList());
        List<Definition.Export> exports = c.definitions(Definition.Export.class);
        assertEquals("wasi:http/incoming-handler@0.2.10", exports.get(0).name().name());
        assertEquals(new SortIdx(Sort.INSTANCE, 1), exports.get(0).target());
        assertEquals(new SortIdx(Sort.INSTANCE, 0), exports.get(1).target());
        for (Definition.Import i : c.definitions(Definition.Import.class)) {
            assertEquals(List.of(), i.name().attributes());
            assertEquals(Optional.empty(), i.name().versionSuffix());
        }
        assertEquals(6, c.indexSpace(Sort.INSTANCE).size(), "4 instance imports and 2 instance exports");
    }

    @Test
    void asyncStreamFutureErrorContextAndThreadBuiltins() {
        ComponentBinary c = parse("async.wasm");
        List<Canon> canons = c.definitions(Canon.class);
        assertEquals(List.of(CanonKind.BACKPRESSURE_INC, CanonKind.BACKPRESSURE_DEC, CanonKind.TASK_RETURN,
                CanonKind.TASK_CANCEL, CanonKind.CONTEXT_GET, CanonKind.CONTEXT_SET, CanonKind.SUBTASK_CANCEL,
                CanonKind.SUBTASK_DROP, CanonKind.STREAM_NEW, CanonKind.STREAM_READ, CanonKind.STREAM_WRITE,
                CanonKind.STREAM_CANCEL_READ, CanonKind.STREAM_CANCEL_WRITE, CanonKind.STREAM_DROP_READABLE,
                CanonKind.STREAM_DROP_WRITABLE, CanonKind.FUTURE_NEW, CanonKind.FUTURE_READ, CanonKind.FUTURE_WRITE,
                CanonKind.FUTURE_CANCEL_READ, CanonKind.FUTURE_CANCEL_WRITE, CanonKind.FUTURE_DROP_READABLE,
                CanonKind.FUTURE_DROP_WRITABLE, CanonKind.ERROR_CONTEXT_NEW, CanonKind.ERROR_CONTEXT_DEBUG_MESSAGE,
                CanonKind.ERROR_CONTEXT_DROP, CanonKind.WAITABLE_SET_NEW, CanonKind.WAITABLE_SET_WAIT,
                CanonKind.WAITABLE_SET_POLL, CanonKind.WAITABLE_SET_DROP, CanonKind.WAITABLE_JOIN,
                CanonKind.THREAD_INDEX, CanonKind.THREAD_NEW_INDIRECT, CanonKind.THREAD_YIELD),
                canons.stream().map(Canon::kind).toList());
        for (Canon canon : canons) {
            assertEquals(Sort.CORE_FUNC, canon.sort());
            assertFalse(canon.kind().isMvp(), canon.kind().specName());
        }
        var taskReturn = (Canon.TaskReturn) canons.get(2);
        assertEquals(new ResultList.Single(PrimValType.STRING), taskReturn.results());
        assertTrue(taskReturn.options().memory().isPresent());
        assertEquals(new Canon.ContextAccess(canons.get(4).offset(), CanonKind.CONTEXT_GET, CoreValueType.Num.I32, 0),
                canons.get(4));
        assertTrue(((Canon.SubtaskCancel) canons.get(6)).async());
        assertEquals(0, ((Canon.StreamFutureOp) canons.get(8)).type());
        assertTrue(((Canon.StreamFutureTransfer) canons.get(9)).options().async());
        assertFalse(((Canon.StreamFutureTransfer) canons.get(10)).options().async());
        assertTrue(((Canon.StreamFutureCancel) canons.get(11)).async());
        assertEquals(1, ((Canon.StreamFutureOp) canons.get(15)).type());
        assertTrue(((Canon.StreamFutureCancel) canons.get(19)).async());
        var wait = (Canon.WaitableSetWait) canons.get(26);
        assertFalse(wait.cancellable());
        assertInstanceOf(Definition.Alias.class, c.indexSpace(Sort.CORE_MEMORY).get(wait.memory()));
        var newIndirect = (Canon.ThreadNewIndirect) canons.get(31);
        assertEquals(0, newIndirect.coreType());
        assertEquals(0, newIndirect.table());
        assertEquals("thread.yield", canons.get(32).kind().specName());
        assertEquals(33, c.indexSpace(Sort.CORE_FUNC).size());
    }
}
