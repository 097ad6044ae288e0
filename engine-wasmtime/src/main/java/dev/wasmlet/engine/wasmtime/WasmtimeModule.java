package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreExport;
import dev.wasmlet.runtime.engine.CoreExtern;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreImport;
import dev.wasmlet.runtime.engine.CoreInstance;
import dev.wasmlet.runtime.engine.CoreLinkException;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.engine.CoreValType;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A module compiled by Wasmtime. A module that imports or exports no table or global is
 * instantiated directly from Java values. One that does is instantiated through the store's
 * linker, from a copy whose imports name where each item is registered there: those copies are
 * compiled once per naming, which is the same for every instance of a component (its core
 * instances are made in the same order), and kept.
 */
final class WasmtimeModule implements CoreModule {
    /**
     * A linker runs {@code _start} of a module that exports it for every call, and calls
     * {@code _initialize} at instantiation; the component model does neither, so the copies
     * instantiated through it export them under other names.
     */
    private static final Map<String, String> LINKER_EXPORT_NAMES =
            Map.of("_start", "wasmlet:_start", "_initialize", "wasmlet:_initialize");

    private final WasmtimeEngine engine;
    private final ModuleBinary binary;
    private final List<CoreImport> imports;
    private final List<CoreExport> exports;
    private final Map<String, CoreExport> exportsByName = new HashMap<>();
    private final Map<String, Integer> exportIndex = new HashMap<>();
    /** Whether a table or global crosses an instance boundary: then the store's linker makes the instances. */
    private final boolean linked;
    private final Map<String, String> linkerExportNames = new HashMap<>();
    /** The module as it is (memories capped): instantiated directly, when not {@link #linked}. */
    private final Module compiled;
    private final Map<List<String>, Module> variants = new ConcurrentHashMap<>();
    /** A defined memory that starts above the cap, which instantiating refuses; or null. */
    private final String oversizedMemory;

    /** @param compiled the module as it is, compiled (which validated it); disposed here when {@link #linked} */
    WasmtimeModule(WasmtimeEngine engine, ModuleBinary binary, Module compiled) {
        this.engine = engine;
        this.binary = binary;
        List<CoreImport> imps = new ArrayList<>();
        boolean shares = false;
        for (ModuleBinary.Import i : binary.imports) {
            imps.add(new CoreImport(i.module(), i.name(), i.kind(), i.functionType()));
            shares |= i.kind() == CoreImport.Kind.TABLE || i.kind() == CoreImport.Kind.GLOBAL;
        }
        this.imports = List.copyOf(imps);
        List<CoreExport> exps = new ArrayList<>();
        for (ModuleBinary.Export e : binary.exports) {
            CoreExport export = new CoreExport(e.name(), e.kind(),
                    e.kind() == CoreImport.Kind.FUNCTION ? binary.functions.get(e.index()) : null);
            exps.add(export);
            exportsByName.put(e.name(), export);
            exportIndex.put(e.name(), e.index());
            shares |= e.kind() == CoreImport.Kind.TABLE || e.kind() == CoreImport.Kind.GLOBAL;
            if (LINKER_EXPORT_NAMES.containsKey(e.name())) {
                linkerExportNames.put(e.name(), LINKER_EXPORT_NAMES.get(e.name()));
            }
        }
        this.exports = List.copyOf(exps);
        this.linked = shares;
        if (linked) {
            compiled.dispose();
        }
        this.compiled = linked ? null : compiled;
        String oversized = null;
        for (ModuleBinary.Memory m : binary.memories) {
            if (m.minimum() > engine.maxMemoryPages()) {
                oversized = "the module's memory starts at " + m.minimum() + " pages, more than the cap of "
                        + engine.maxMemoryPages() + " pages";
            }
        }
        this.oversizedMemory = oversized;
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
        return binary.activeDataBytes;
    }

    CoreExport export(String name) {
        return exportsByName.get(name);
    }

    String linkedExportName(String name) {
        return linkerExportNames.getOrDefault(name, name);
    }

    CoreValType globalType(String exportName) {
        return binary.globals.get(exportIndex.get(exportName));
    }

    boolean globalMutable(String exportName) {
        return binary.globalsMutable.get(exportIndex.get(exportName));
    }

    @Override
    public CoreInstance instantiate(CoreStore coreStore, List<CoreExtern> externs) {
        if (!(coreStore instanceof WasmtimeStore store) || store.engine() != engine) {
            throw new IllegalArgumentException("not a store of this Wasmtime engine: " + coreStore);
        }
        if (externs.size() != imports.size()) {
            throw new CoreLinkException("module needs " + imports.size() + " imports, got " + externs.size(), null);
        }
        if (oversizedMemory != null) {
            throw new CoreLinkException(oversizedMemory, null);
        }
        store.enter();
        try {
            return linked ? instantiateLinked(store, externs) : instantiateDirectly(store, externs);
        } catch (WasmtimeException e) {
            // wasmtime-java reports link errors and traps in the start function alike; Wasmtime's messages tell them apart.
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (store.hostFailed() || message.contains("wasm trap") || message.contains("wasm backtrace")) {
                throw store.failure(e);
            }
            // Function imports were checked above, so Wasmtime refused a memory, table or global; its message
            // names the import as renamed for its linker, so the module's own names are given too.
            List<String> others = new ArrayList<>();
            for (CoreImport imp : imports) {
                if (imp.kind() != CoreImport.Kind.FUNCTION) {
                    others.add(imp.module() + "." + imp.name());
                }
            }
            throw new CoreLinkException("the memory, table or global imports " + others
                    + " do not match what was given: " + message, e);
        }
    }

    private CoreInstance instantiateDirectly(WasmtimeStore store, List<CoreExtern> externs) {
        List<Extern> values = new ArrayList<>(externs.size());
        for (int i = 0; i < externs.size(); i++) {
            values.add(extern(store, imports.get(i), externs.get(i)));
        }
        Instance instance = store.own(new Instance(store.store, compiled, values));
        return WasmtimeInstance.direct(store, this, instance);
    }

    private CoreInstance instantiateLinked(WasmtimeStore store, List<CoreExtern> externs) {
        String name = store.nextLinkedName();
        String importsName = name + " imports";
        Linker linker = store.linker();
        String[][] names = new String[externs.size()][];
        for (int i = 0; i < externs.size(); i++) {
            CoreImport imp = imports.get(i);
            CoreExtern given = externs.get(i);
            Origin origin = switch (imp.kind()) {
                case TABLE -> given instanceof WasmtimeTable t && t.store() == store ? t.origin() : null;
                case GLOBAL -> given instanceof WasmtimeGlobal g && g.store() == store ? g.origin() : null;
                default -> null;
            };
            if (origin != null) {
                names[i] = new String[] {origin.instance(), origin.export()};
            } else if (imp.kind() == CoreImport.Kind.TABLE || imp.kind() == CoreImport.Kind.GLOBAL) {
                throw mismatch(imp, imp.kind() == CoreImport.Kind.TABLE ? "a table" : "a global", given);
            } else {
                names[i] = new String[] {importsName, Integer.toString(i)};
                linker.define(store.store, importsName, names[i][1], extern(store, imp, given));
            }
        }
        linker.module(store.store, name, variant(names));
        return WasmtimeInstance.linked(store, this, name);
    }

    /** The copy of the module whose imports have {@code names}, compiled on first use. */
    private Module variant(String[][] names) {
        List<String> key = new ArrayList<>(names.length * 2);
        for (String[] n : names) {
            key.addAll(Arrays.asList(n));
        }
        return variants.computeIfAbsent(key,
                k -> engine.compileNative(binary.rewrite(names, linkerExportNames, engine.maxMemoryPages())));
    }

    /** The wasmtime-java value of a function or memory import. */
    private static Extern extern(WasmtimeStore store, CoreImport imp, CoreExtern given) {
        return switch (imp.kind()) {
            case FUNCTION -> Extern.fromFunc(function(store, imp, given));
            case MEMORY -> {
                if (!(given instanceof WasmtimeMemory m) || m.store() != store) {
                    throw mismatch(imp, "a memory", given);
                }
                yield Extern.fromMemory(m.memory);
            }
            case TAG -> throw new CoreLinkException("import " + imp.module() + "." + imp.name()
                    + " is an exception tag; exceptions are not supported", null);
            default -> throw new IllegalStateException(imp.kind() + " imports are linked by name");
        };
    }

    private static Func function(WasmtimeStore store, CoreImport imp, CoreExtern given) {
        if (!(given instanceof CoreFunction f)) {
            throw mismatch(imp, "a function", given);
        }
        if (!f.type().equals(imp.functionType())) {
            throw new CoreLinkException("import " + imp.module() + "." + imp.name() + " expects "
                    + imp.functionType() + " but was given " + f.type(), null);
        }
        if (given instanceof WasmtimeHostFunction h) {
            return store.bind(h);
        }
        if (given instanceof WasmtimeFunction w && w.store() == store) {
            return w.func();
        }
        throw mismatch(imp, "a function", given);
    }

    private static CoreLinkException mismatch(CoreImport imp, String expected, CoreExtern given) {
        return new CoreLinkException("import " + imp.module() + "." + imp.name() + " expects " + expected
                + " of the same Wasmtime store but was given " + given, null);
    }

    /** Frees the compiled code's handles; instances made from it keep what they need. */
    void dispose() {
        if (compiled != null) {
            compiled.dispose();
        }
        variants.values().forEach(Module::dispose);
    }
}
