package dev.wasmlet.runtime;

import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.internal.binary.ComponentBinary;
import dev.wasmlet.runtime.internal.binary.Definition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed component with its core modules compiled: immutable, shared by every instance made
 * from it. Made by {@link ComponentRuntime#load}.
 */
public final class Component {
    private final String name;
    private final String sha256;
    private final ComponentBinary binary;
    private final Map<Definition.CoreModule, CoreModule> modules;
    /**
     * The export that serves each interface asked for by {@link ComponentInstance#function(String,
     * String)}: the same for every instance, and asked for by every new one.
     */
    final Map<String, String> exportedInterfaces = new ConcurrentHashMap<>();

    Component(String name, String sha256, ComponentBinary binary, Map<Definition.CoreModule, CoreModule> modules) {
        this.name = name;
        this.sha256 = sha256;
        this.binary = binary;
        this.modules = modules;
    }

    /** The name given at load, for messages and logs. */
    public String name() {
        return name;
    }

    /** The SHA-256 of the component's bytes, in hex. */
    public String sha256() {
        return sha256;
    }

    ComponentBinary binary() {
        return binary;
    }

    Map<Definition.CoreModule, CoreModule> modules() {
        return modules;
    }

    /** The sum of the initial data of every core module, a floor for one instance's memory. */
    public long initialMemoryBytes() {
        return modules.values().stream().mapToLong(CoreModule::initialMemoryBytes).sum();
    }

    @Override
    public String toString() {
        return "component " + name;
    }
}
