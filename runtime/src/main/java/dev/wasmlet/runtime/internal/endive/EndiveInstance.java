package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreExport;
import dev.wasmlet.runtime.engine.CoreExtern;
import dev.wasmlet.runtime.engine.CoreInstance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import run.endive.runtime.Instance;

/** An Endive instance; export wrappers are made once, on first use. */
final class EndiveInstance implements CoreInstance {
    private final Instance instance;
    private final Map<String, CoreExport> exportsByName;
    private final Map<String, CoreExtern> resolved = new HashMap<>();

    EndiveInstance(Instance instance, List<CoreExport> exports) {
        this.instance = instance;
        this.exportsByName = new HashMap<>();
        for (CoreExport e : exports) {
            exportsByName.put(e.name(), e);
        }
    }

    @Override
    public CoreExtern export(String name) {
        CoreExport e = exportsByName.get(name);
        if (e == null) {
            return null;
        }
        return resolved.computeIfAbsent(name, n -> switch (e.kind()) {
            case FUNCTION -> new EndiveFunction(e.functionType(), instance.export(n));
            case MEMORY -> new EndiveMemory(instance.exports().memory(n));
            case TABLE -> new EndiveTable(instance.exports().table(n));
            case GLOBAL -> new EndiveGlobal(instance.exports().global(n));
            case TAG -> null;
        });
    }
}
