package dev.wasmlet.runtime;

import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.host.InterfaceName;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.internal.link.Instantiator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An instance of a component: its exports and its store. Confined to one thread at a time.
 * {@link #close()} frees what the engine holds for it (Wasmtime's native store and memories).
 */
public final class ComponentInstance implements AutoCloseable {
    private final Component component;
    private final Store store;
    private final CoreStore coreStore;
    private final Map<String, Object> exports;
    private final List<CoreMemory> memories;

    ComponentInstance(Component component, Store store, CoreStore coreStore, Map<String, Object> exports,
                      List<CoreMemory> memories) {
        this.component = component;
        this.store = store;
        this.coreStore = coreStore;
        this.exports = exports;
        this.memories = List.copyOf(memories);
    }

    public Component component() {
        return component;
    }

    public Store store() {
        return store;
    }

    /** The names of the top-level exports. */
    public Set<String> exportNames() {
        return Instantiator.names(exports);
    }

    /** The top-level exported function {@code name}. */
    public ComponentFunction function(String name) {
        return asFunction(Instantiator.lookup(exports, name), name);
    }

    /**
     * Function {@code name} of the exported interface {@code interfaceName}, whose version may be
     * any semver-compatible one ({@code wasi:http/incoming-handler@0.2.0} finds an export at
     * {@code @0.2.3}).
     */
    public ComponentFunction function(String interfaceName, String name) {
        String exportName = exportedInterface(interfaceName);
        return asFunction(Instantiator.lookup(exports, exportName, name), interfaceName + "#" + name);
    }

    private String exportedInterface(String interfaceName) {
        return component.exportedInterfaces.computeIfAbsent(interfaceName, this::findExportedInterface);
    }

    private String findExportedInterface(String interfaceName) {
        InterfaceName wanted = InterfaceName.parse(interfaceName);
        for (String name : exportNames()) {
            InterfaceName have = InterfaceName.parse(name);
            if (name.equals(interfaceName) || (wanted != null && have != null && have.compatibleWith(wanted))) {
                return name;
            }
        }
        throw new UnlinkableComponentException(component.name() + " does not export " + interfaceName
                + " (it exports " + exportNames() + ")");
    }

    private ComponentFunction asFunction(Object value, String name) {
        if (value instanceof ComponentFunction f) {
            return f;
        }
        throw new UnlinkableComponentException(component.name() + " exports no function " + name);
    }

    /** The bytes of linear memory the instance's core modules have now. */
    public long memoryBytes() {
        long total = 0;
        for (CoreMemory m : memories) {
            total += m.byteSize();
        }
        return total;
    }

    /** Frees the engine's resources of the instance; its functions cannot be called afterwards. Idempotent. */
    @Override
    public void close() {
        coreStore.close();
    }
}
