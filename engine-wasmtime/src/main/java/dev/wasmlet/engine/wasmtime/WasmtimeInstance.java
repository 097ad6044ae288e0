package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreExport;
import dev.wasmlet.runtime.engine.CoreExtern;
import dev.wasmlet.runtime.engine.CoreInstance;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Instance;
import java.util.HashMap;
import java.util.Map;

/**
 * A Wasmtime instance: made directly ({@code instance} set), or through the store's linker
 * under {@code linkedName}, where its exports are looked up by name. Export wrappers are made
 * once, on first use.
 */
final class WasmtimeInstance implements CoreInstance {
    private final WasmtimeStore store;
    private final WasmtimeModule module;
    private final Instance instance;
    private final String linkedName;
    private final Map<String, CoreExtern> resolved = new HashMap<>();

    private WasmtimeInstance(WasmtimeStore store, WasmtimeModule module, Instance instance, String linkedName) {
        this.store = store;
        this.module = module;
        this.instance = instance;
        this.linkedName = linkedName;
    }

    static WasmtimeInstance direct(WasmtimeStore store, WasmtimeModule module, Instance instance) {
        return new WasmtimeInstance(store, module, instance, null);
    }

    static WasmtimeInstance linked(WasmtimeStore store, WasmtimeModule module, String linkedName) {
        return new WasmtimeInstance(store, module, null, linkedName);
    }

    @Override
    public CoreExtern export(String name) {
        CoreExport e = module.export(name);
        if (e == null) {
            return null;
        }
        CoreExtern found = resolved.get(name);
        if (found == null) {
            store.checkOpen();
            found = instance != null ? direct(e) : linked(e);
            resolved.put(name, found);
        }
        return found;
    }

    /** A direct instance exports only functions and memories: a module with others is made through the linker. */
    private CoreExtern direct(CoreExport e) {
        return switch (e.kind()) {
            case FUNCTION -> new WasmtimeFunction(store, store.own(instance.getFunc(store.store, e.name()).orElseThrow()),
                    e.functionType());
            case MEMORY -> new WasmtimeMemory(store, store.own(instance.getMemory(store.store, e.name()).orElseThrow()));
            default -> throw new IllegalStateException("a " + e.kind() + " export of a directly made instance");
        };
    }

    private CoreExtern linked(CoreExport e) {
        Origin origin = new Origin(linkedName, module.linkedExportName(e.name()));
        Extern extern = store.linker().get(store.store, origin.instance(), origin.export()).orElseThrow();
        return switch (e.kind()) {
            case FUNCTION -> new WasmtimeFunction(store, store.own(extern.func()), e.functionType());
            case MEMORY -> new WasmtimeMemory(store, store.own(extern.memory()));
            // wasmtime-java 0.19's native library lacks Table.dispose: this handle's box stays allocated.
            case TABLE -> new WasmtimeTable(store, origin);
            case GLOBAL -> new WasmtimeGlobal(store, store.own(extern.global()), module.globalType(e.name()),
                    module.globalMutable(e.name()), origin);
            case TAG -> null;
        };
    }
}
