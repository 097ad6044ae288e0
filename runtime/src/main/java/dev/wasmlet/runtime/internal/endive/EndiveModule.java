package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreExport;
import dev.wasmlet.runtime.engine.CoreExtern;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreImport;
import dev.wasmlet.runtime.engine.CoreInstance;
import dev.wasmlet.runtime.engine.CoreLinkException;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.engine.CoreStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportGlobal;
import run.endive.runtime.ImportMemory;
import run.endive.runtime.ImportTable;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.runtime.Memory;
import run.endive.runtime.ByteArrayMemory;
import run.endive.wasm.UnlinkableException;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ActiveDataSegment;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.Export;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.Import;
import run.endive.wasm.types.MemoryLimits;

/** A parsed and compiled Endive module; its compiled classes are shared by all its instances. */
final class EndiveModule implements CoreModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final List<CoreImport> imports;
    private final List<FunctionType> importFunctionTypes;
    private final List<CoreExport> exports;
    private final long initialMemoryBytes;
    private final int maxMemoryPages;
    /** Null where Endive's instance constructor cannot be reached: then its builder makes instances. */
    private final InstanceRecipe recipe;

    EndiveModule(WasmModule module, Function<Instance, Machine> machineFactory, int maxMemoryPages) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.maxMemoryPages = maxMemoryPages;
        var types = module.typeSection();
        List<CoreImport> imps = new ArrayList<>();
        List<FunctionType> importFuncTypes = new ArrayList<>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            CoreImport.Kind kind = kind(imp.importType());
            CoreFuncType funcType = null;
            if (imp instanceof FunctionImport f) {
                FunctionType ft = types.getType(f.typeIndex());
                importFuncTypes.add(ft);
                funcType = EndiveTypes.toCore(ft);
            } else {
                importFuncTypes.add(null);
            }
            imps.add(new CoreImport(imp.module(), imp.name(), kind, funcType));
        }
        this.imports = List.copyOf(imps);
        this.importFunctionTypes = importFuncTypes;
        int importedFunctions = section.count(run.endive.wasm.types.ExternalType.FUNCTION);
        List<CoreExport> exps = new ArrayList<>();
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            Export e = exportSection.getExport(i);
            CoreImport.Kind kind = kind(e.exportType());
            CoreFuncType funcType = null;
            if (kind == CoreImport.Kind.FUNCTION) {
                funcType = EndiveTypes.toCore(functionType(e.index(), importedFunctions, importFuncTypes));
            }
            exps.add(new CoreExport(e.name(), kind, funcType));
        }
        this.exports = List.copyOf(exps);
        long data = 0;
        for (DataSegment segment : module.dataSection().dataSegments()) {
            if (segment instanceof ActiveDataSegment active) {
                data += active.data().length;
            }
        }
        this.initialMemoryBytes = data;
        this.recipe = InstanceRecipe.available() ? new InstanceRecipe(module) : null;
    }

    private FunctionType functionType(int index, int importedFunctions, List<FunctionType> importFuncTypes) {
        if (index < importedFunctions) {
            int seen = 0;
            for (FunctionType t : importFuncTypes) {
                if (t != null && seen++ == index) {
                    return t;
                }
            }
        }
        return module.functionSection().getFunctionType(index - importedFunctions, module.typeSection());
    }

    private static CoreImport.Kind kind(run.endive.wasm.types.ExternalType type) {
        return switch (type) {
            case FUNCTION -> CoreImport.Kind.FUNCTION;
            case TABLE -> CoreImport.Kind.TABLE;
            case MEMORY -> CoreImport.Kind.MEMORY;
            case GLOBAL -> CoreImport.Kind.GLOBAL;
            case TAG -> CoreImport.Kind.TAG;
        };
    }

    @Override
    public List<CoreImport> imports() {
        return imports;
    }

    @Override
    public List<CoreExport> exports() {
        return exports;
    }

    @Override
    public long initialMemoryBytes() {
        return initialMemoryBytes;
    }

    @Override
    public CoreInstance instantiate(CoreStore store, List<CoreExtern> externs) {
        if (externs.size() != imports.size()) {
            throw new CoreLinkException("module needs " + imports.size() + " imports, got " + externs.size(), null);
        }
        var values = ImportValues.builder();
        for (int i = 0; i < imports.size(); i++) {
            CoreImport imp = imports.get(i);
            CoreExtern ext = externs.get(i);
            switch (imp.kind()) {
                case FUNCTION -> {
                    if (!(ext instanceof CoreFunction f)) {
                        throw mismatch(imp, "a function", ext);
                    }
                    if (!f.type().equals(imp.functionType())) {
                        throw new CoreLinkException("import " + imp.module() + "." + imp.name() + " expects "
                                + imp.functionType() + " but was given " + f.type(), null);
                    }
                    values.addFunction(new HostFunction(imp.module(), imp.name(), importFunctionTypes.get(i),
                            (instance, args) -> f.call(args)));
                }
                case MEMORY -> {
                    if (!(ext instanceof EndiveMemory m)) {
                        throw mismatch(imp, "a memory", ext);
                    }
                    values.addMemory(new ImportMemory(imp.module(), imp.name(), m.memory()));
                }
                case TABLE -> {
                    if (!(ext instanceof EndiveTable t)) {
                        throw mismatch(imp, "a table", ext);
                    }
                    values.addTable(new ImportTable(imp.module(), imp.name(), t.table()));
                }
                case GLOBAL -> {
                    if (!(ext instanceof EndiveGlobal g)) {
                        throw mismatch(imp, "a global", ext);
                    }
                    values.addGlobal(new ImportGlobal(imp.module(), imp.name(), g.global()));
                }
                case TAG -> throw new CoreLinkException("import " + imp.module() + "." + imp.name()
                        + " is an exception tag; exceptions are not supported", null);
            }
        }
        try {
            // The component model never runs a core `_start` at instantiation (a command component exports one).
            Instance instance = recipe != null ? recipe.instantiate(values.build(), this::memory, machineFactory)
                    : Instance.builder(module).withStart(false)
                    .withMemoryFactory(this::memory)
                    .withImportValues(values.build())
                    .withMachineFactory(machineFactory)
                    .build();
            return new EndiveInstance(instance, exports);
        } catch (UnlinkableException e) {
            throw new CoreLinkException(e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw Traps.map(e);
        }
    }

    /** A memory the module defines, its maximum capped so that a guest cannot exhaust the heap. */
    private Memory memory(MemoryLimits declared) {
        if (declared.initialPages() > maxMemoryPages) {
            throw new CoreLinkException("the module's memory starts at " + declared.initialPages()
                    + " pages, more than the cap of " + maxMemoryPages + " pages", null);
        }
        int maximum = Math.min(declared.maximumPages(), maxMemoryPages);
        return new ByteArrayMemory(new MemoryLimits(declared.initialPages(), maximum));
    }

    private static CoreLinkException mismatch(CoreImport imp, String expected, CoreExtern given) {
        return new CoreLinkException("import " + imp.module() + "." + imp.name() + " expects " + expected
                + " of the Endive engine but was given " + given, null);
    }
}
