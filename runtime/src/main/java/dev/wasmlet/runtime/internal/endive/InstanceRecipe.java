package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreLinkException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.runtime.ExecutionListener;
import run.endive.runtime.GlobalFactory;
import run.endive.runtime.ImportGlobal;
import run.endive.runtime.ImportMemory;
import run.endive.runtime.ImportTable;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.runtime.Memory;
import run.endive.runtime.TableFactory;
import run.endive.runtime.TableInstance;
import run.endive.wasm.InvalidException;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.Element;
import run.endive.wasm.types.Export;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionBody;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.Global;
import run.endive.wasm.types.GlobalImport;
import run.endive.wasm.types.Import;
import run.endive.wasm.types.MemoryImport;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.Table;
import run.endive.wasm.types.TableImport;
import run.endive.wasm.types.TableLimits;
import run.endive.wasm.types.TagSection;
import run.endive.wasm.types.TagType;
import run.endive.wasm.types.ValType;

/**
 * Makes instances of one Endive module from parts computed once, instead of through {@code
 * Instance.Builder}.
 *
 * <p>Why: Endive 1.0.0's builder matches a module's imports to the given values by name, comparing
 * each import with every other import and every value (quadratic in the imports), and recomputes
 * the module's export map and section arrays for every instance. With a fresh instance per request
 * that was a quarter of all CPU when serving the C fixture (56 imports), more for the JavaScript
 * one (100). The linker already gives the values in import order with their function types checked,
 * so here only the memory, table and global imports are matched, by the spec's rules, and the
 * instance is made with the constructor the builder ends in. That constructor is package-private:
 * it is reached by reflection, which works on the class path (where Endive's module descriptor is
 * not in force). Where it cannot be reached (another Endive version, the module path), {@link
 * #available()} is false and {@link EndiveModule} uses the builder.
 */
final class InstanceRecipe {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRecipe.class);
    private static final MethodHandle CONSTRUCTOR = constructor();

    private final WasmModule module;
    private final Global[] globals;
    private final DataSegment[] dataSegments;
    private final FunctionBody[] functions;
    private final FunctionType[] types;
    private final int[] functionTypes;
    private final Table[] tables;
    private final Element[] elements;
    private final TagType[] tags;
    private final Map<String, Export> exports;

    InstanceRecipe(WasmModule module) {
        this.module = module;
        this.globals = module.globalSection().globals();
        this.dataSegments = module.dataSection().dataSegments();
        this.functions = module.codeSection().functionBodies();
        this.types = module.typeSection().types();
        var importSection = module.importSection();
        int importedFunctions = importSection.count(ExternalType.FUNCTION);
        var functionSection = module.functionSection();
        this.functionTypes = new int[importedFunctions + functionSection.functionCount()];
        int f = 0;
        for (int i = 0; i < importSection.importCount(); i++) {
            if (importSection.getImport(i) instanceof run.endive.wasm.types.FunctionImport fi) {
                functionTypes[f++] = fi.typeIndex();
            }
        }
        for (int i = 0; i < functionSection.functionCount(); i++) {
            functionTypes[f++] = functionSection.getFunctionType(i);
        }
        this.tables = new Table[module.tableSection().tableCount()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = module.tableSection().getTable(i);
        }
        this.elements = module.elementSection().elements();
        this.tags = module.tagSection().map(TagSection::types).orElse(null);
        var exportSection = module.exportSection();
        Map<String, Export> byName = new HashMap<>();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            Export e = exportSection.getExport(i);
            if (byName.put(e.name(), e) != null) {
                throw new InvalidException("duplicate export name " + e.name());
            }
        }
        this.exports = Map.copyOf(byName);
    }

    /** Whether Endive's instance constructor could be reached; if not, instances come from its builder. */
    static boolean available() {
        return CONSTRUCTOR != null;
    }

    /**
     * A new, initialized instance (start section run, {@code _start} not).
     *
     * @param values the imports in the module's import order, function types already checked
     * @param memoryFactory makes the memories the module defines
     */
    Instance instantiate(ImportValues values, Function<MemoryLimits, Memory> memoryFactory,
                         Function<Instance, Machine> machineFactory) {
        checkImports(values);
        Memory[] memories = module.memorySection().map(section -> {
            Memory[] made = new Memory[section.memoryCount()];
            for (int i = 0; i < made.length; i++) {
                made[i] = memoryFactory.apply(section.getMemory(i).limits());
            }
            return made;
        }).orElse(new Memory[0]);
        try {
            // The data segments are cloned: data.drop replaces an instance's entry.
            return (Instance) CONSTRUCTOR.invoke(module, globals, memories, dataSegments.clone(), functions, types,
                    functionTypes, values, tables, elements, tags, exports, machineFactory, null, null, true, false,
                    null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Endive's instance constructor failed", e);
        }
    }

    /** Import matching (the core spec's "external types", subtyping) for memories, tables and globals. */
    private void checkImports(ImportValues values) {
        var section = module.importSection();
        int memory = 0;
        int table = 0;
        int global = 0;
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            if (imp instanceof MemoryImport m) {
                check(imp, matches(m.limits(), values.memory(memory++)));
            } else if (imp instanceof TableImport t) {
                check(imp, matches(t, values.table(table++).table()));
            } else if (imp instanceof GlobalImport g) {
                check(imp, matches(g, values.global(global++)));
            }
        }
    }

    private static void check(Import imp, String mismatch) {
        if (mismatch != null) {
            throw new CoreLinkException("import " + imp.module() + "." + imp.name() + ": " + mismatch, null);
        }
    }

    private static String matches(MemoryLimits wanted, ImportMemory given) {
        Memory m = given.memory();
        int wantedMax = wanted.maximumPages() == MemoryLimits.MAX_PAGES ? Memory.RUNTIME_MAX_PAGES : wanted.maximumPages();
        if (m.pages() < wanted.initialPages() || m.maximumPages() > wantedMax || m.shared() != wanted.shared()) {
            return "expects a memory of " + wanted + " but was given one of " + m.pages() + " pages, at most "
                    + m.maximumPages() + (m.shared() ? ", shared" : "");
        }
        return null;
    }

    private static String matches(TableImport wanted, TableInstance given) {
        TableLimits limits = given.limits();
        if (!wanted.entryType().equals(given.elementType()) || given.size() < wanted.limits().min()
                || limits.max() > wanted.limits().max() || limits.shared() != wanted.limits().shared()) {
            return "expects a table of " + wanted.entryType() + " " + wanted.limits() + " but was given one of "
                    + given.elementType() + " " + limits;
        }
        return null;
    }

    private static String matches(GlobalImport wanted, ImportGlobal given) {
        var g = given.instance();
        boolean typeMatches = wanted.mutabilityType() == MutabilityType.Var ? wanted.type().equals(g.getType())
                : ValType.matches(g.getType(), wanted.type());
        if (!typeMatches || wanted.mutabilityType() != g.getMutabilityType()) {
            return "expects a global " + wanted.mutabilityType() + " " + wanted.type() + " but was given a "
                    + g.getMutabilityType() + " " + g.getType();
        }
        return null;
    }

    private static MethodHandle constructor() {
        MethodType type = MethodType.methodType(void.class, WasmModule.class, Global[].class, Memory[].class,
                DataSegment[].class, FunctionBody[].class, FunctionType[].class, int[].class, ImportValues.class,
                Table[].class, Element[].class, TagType[].class, Map.class, Function.class, TableFactory.class,
                GlobalFactory.class, boolean.class, boolean.class, ExecutionListener.class);
        try {
            var c = Instance.class.getDeclaredConstructor(type.parameterArray());
            c.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("Endive's instance constructor cannot be reached ({}): instances are made with its builder,"
                    + " which is slower for modules with many imports", e.toString());
            return null;
        }
    }
}
