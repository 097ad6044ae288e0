package dev.wasmlet.runtime;

import dev.wasmlet.runtime.host.InterfaceName;
import dev.wasmlet.runtime.internal.binary.Decl;
import dev.wasmlet.runtime.internal.binary.DefType;
import dev.wasmlet.runtime.internal.binary.Definition;
import dev.wasmlet.runtime.internal.binary.ExternType;
import dev.wasmlet.runtime.internal.binary.Sort;
import dev.wasmlet.runtime.internal.link.HostInterface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the imports of components from Java host interfaces. An import of an interface is
 * served by a defined host of the same interface whose version is semver-compatible (any 0.2.x
 * host serves any 0.2.y import), as Wasmtime's linker does.
 */
public final class Linker {
    private final ComponentRuntime runtime;
    private final List<HostInterface> hosts = new ArrayList<>();

    public Linker(ComponentRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Adds a host: an object whose class is annotated {@link dev.wasmlet.runtime.host.WitInterface}.
     * Its methods are called from every instance, on each instance's thread: keep per-instance
     * state in the {@link dev.wasmlet.runtime.host.Store}, not in the host object.
     */
    public Linker define(Object host) {
        HostInterface candidate = new HostInterface(host);
        for (HostInterface h : hosts) {
            if (h.name().equals(candidate.name())) {
                throw new IllegalArgumentException("a host for " + h.name() + " is already defined");
            }
        }
        hosts.add(candidate);
        return this;
    }

    /** Adds every host of {@code hostObjects}. */
    public Linker defineAll(Iterable<?> hostObjects) {
        for (Object h : hostObjects) {
            define(h);
        }
        return this;
    }

    /**
     * Matches the component's imports to the hosts, once, so that instantiating is only building.
     *
     * @throws UnlinkableComponentException naming the first import, function or resource that no
     *     host provides
     */
    public InstancePre prepare(Component component) {
        Map<String, HostInterface> byImport = new HashMap<>();
        List<DefType> types = new ArrayList<>();
        for (Definition d : component.binary().definitions()) {
            if (d instanceof Definition.Type t) {
                types.add(t.type());
            } else if (d.sort() == Sort.TYPE) {
                for (int i = 0; i < d.definedCount(); i++) {
                    types.add(null); // a type from an alias or import: checked when instantiated
                }
            }
            if (d instanceof Definition.Import imp) {
                String name = imp.name().name();
                if (!(imp.type() instanceof ExternType.Instance instance)) {
                    throw new UnlinkableComponentException("component imports " + name + " as a " + imp.type().sort()
                            + "; the host provides only interfaces (instances)");
                }
                HostInterface host = find(name);
                DefType.InstanceType it = instance.type() < types.size()
                        && types.get(instance.type()) instanceof DefType.InstanceType t ? t : null;
                if (host == null) {
                    throw new UnlinkableComponentException("component imports " + name + functions(it)
                            + ", which no host provides" + hostList());
                }
                byImport.put(name, host);
                if (it != null) {
                    checkFunctions(name, host, it);
                }
            }
        }
        return new InstancePre(runtime, component, byImport);
    }

    /**
     * Checks each function of an imported instance type against the host: present, and of the same
     * arity where the type is defined right there (aliased types are checked at instantiation).
     */
    private static void checkFunctions(String importName, HostInterface host, DefType.InstanceType type) {
        List<DefType> local = new ArrayList<>();
        for (Decl decl : type.decls()) {
            if (decl instanceof Decl.Type t) {
                local.add(t.type());
            } else if (decl.sort() == Sort.TYPE) {
                local.add(null);
            }
            if (decl instanceof Decl.Export e && e.type() instanceof ExternType.Func f) {
                String name = e.name().name();
                if (!host.functionNames().contains(name)) {
                    throw new UnlinkableComponentException("component imports " + importName + " function "
                            + name + ", which no host provides");
                }
                if (f.type() < local.size() && local.get(f.type()) instanceof DefType.FuncType ft) {
                    String misfit = host.misfit(name, ft.params().size(), ft.results().types().size());
                    if (misfit != null) {
                        throw new UnlinkableComponentException("component imports " + importName + " function "
                                + name + " with another type: " + misfit);
                    }
                }
            }
        }
    }

    /** " function f" (" function f and 3 more") naming the functions of an imported instance type, if known. */
    private static String functions(DefType.InstanceType type) {
        List<String> names = new ArrayList<>();
        for (Decl decl : type == null ? List.<Decl>of() : type.decls()) {
            if (decl instanceof Decl.Export e && e.type() instanceof ExternType.Func) {
                names.add(e.name().name());
            }
        }
        return names.isEmpty() ? "" : " function " + names.get(0)
                + (names.size() > 1 ? " and " + (names.size() - 1) + " more" : "");
    }

    private HostInterface find(String importName) {
        InterfaceName wanted = InterfaceName.parse(importName);
        if (wanted == null) {
            return null;
        }
        for (HostInterface h : hosts) {
            if (h.name().compatibleWith(wanted)) {
                return h;
            }
        }
        return null;
    }

    private String hostList() {
        if (hosts.isEmpty()) {
            return " (no host interfaces are defined)";
        }
        return " (hosts: " + String.join(", ", hosts.stream().map(h -> h.name().toString()).toList()) + ")";
    }
}
