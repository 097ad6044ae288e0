package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.UnlinkableComponentException;
import dev.wasmlet.runtime.WasmletException;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreExport;
import dev.wasmlet.runtime.engine.CoreExtern;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreImport;
import dev.wasmlet.runtime.engine.CoreInstance;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreLinkException;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreModule;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.internal.binary.AliasTarget;
import dev.wasmlet.runtime.internal.binary.Canon;
import dev.wasmlet.runtime.internal.binary.ComponentBinary;
import dev.wasmlet.runtime.internal.binary.Decl;
import dev.wasmlet.runtime.internal.binary.DefType;
import dev.wasmlet.runtime.internal.binary.Definition;
import dev.wasmlet.runtime.internal.binary.ExternType;
import dev.wasmlet.runtime.internal.binary.Sort;
import dev.wasmlet.runtime.internal.canon.CanonOptions;
import dev.wasmlet.runtime.internal.canon.CanonicalAbi;
import dev.wasmlet.runtime.internal.canon.ComponentInstanceState;
import dev.wasmlet.runtime.internal.canon.StringEncoding;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one instance of a component: walks its definitions in binary order, filling the index
 * spaces of each scope, instantiating core modules with what the canonical ABI and the host make,
 * and nested components with their arguments. One use per instance.
 */
public final class Instantiator {
    private static final CoreFuncType I32_TO_I32 = new CoreFuncType(List.of(CoreValType.I32), List.of(CoreValType.I32));
    private static final CoreFuncType I32_TO_NONE = new CoreFuncType(List.of(CoreValType.I32), List.of());

    private final CoreEngine engine;
    private final CoreStore coreStore;
    private final Map<Definition.CoreModule, CoreModule> modules;
    private final Map<String, HostInterface> hostsByImport;
    private final Store store;
    private final LinkCache cache;
    /**
     * How many resource types a guest defined so far in this instantiation: new objects in every
     * instance, so an import whose types could name one is resolved again, not taken from the cache.
     */
    private int guestResourceTypes;
    private final List<CoreMemory> memories = new ArrayList<>();
    /** The names of the exported lifts by their default names, from {@link #liftNames(ComponentBinary, String)}. */
    private final Map<String, String> liftNames;

    /**
     * @param coreStore the engine's store, where every core instance of this instance is made
     * @param hostsByImport the host serving each top-level instance import, by import name
     * @param liftNames {@link #liftNames(ComponentBinary, String)} of the component
     * @param cache what the instantiations of the component share
     */
    public Instantiator(CoreEngine engine, CoreStore coreStore, Map<Definition.CoreModule, CoreModule> modules,
                        Map<String, HostInterface> hostsByImport, Store store, Map<String, String> liftNames,
                        LinkCache cache) {
        this.engine = engine;
        this.coreStore = coreStore;
        this.modules = modules;
        this.hostsByImport = hostsByImport;
        this.store = store;
        this.liftNames = liftNames;
        this.cache = cache;
    }

    /**
     * The names that trap messages give the exported functions of instances of {@code binary}
     * named {@code name} ({@code name#run}, {@code name#wasi:cli/run@0.2.0#run}), by the lifts'
     * default names: computed once per component, passed to every instantiation.
     */
    public static Map<String, String> liftNames(ComponentBinary binary, String name) {
        return Map.copyOf(ExportNames.of(binary, name));
    }

    /** The linear memories of every core instance made so far, for memory accounting. */
    public List<CoreMemory> memories() {
        return memories;
    }

    /** Instantiates the outermost component; returns its exports by name. */
    public Map<String, Object> instantiate(ComponentBinary binary, String name) {
        try {
            return instantiate(binary, new Scope(null), null, newState(name));
        } catch (CoreTrap e) {
            throw new GuestTrapException("instantiating " + name + " trapped: " + e.getMessage(), e);
        }
    }

    /** A component instance's exports: name to function, instance, type, component or core module. */
    private record InstanceValue(Map<String, Object> exports) {
    }

    /** A nested component with the scope its outer aliases see. */
    private record ComponentClosure(ComponentBinary binary, Scope scope) {
    }

    /** A component or instance type, resolved only when something is imported or exported through it. */
    private record TypeDecls(List<Decl> decls, Scope scope) {
    }

    /** A core instance made of existing core definitions. */
    private record ExportsInstance(Map<String, CoreExtern> exports) implements CoreInstance {
        @Override
        public CoreExtern export(String name) {
            return exports.get(name);
        }
    }

    /**
     * @param args the arguments of a nested instantiation by import name, or null for the
     *     outermost component, whose imports the host serves
     */
    private Map<String, Object> instantiate(ComponentBinary binary, Scope scope, Map<String, Object> args,
                                            ComponentInstanceState state) {
        Map<String, Object> exports = new LinkedHashMap<>();
        for (Definition d : binary.definitions()) {
            try {
                define(d, scope, args, state, exports);
            } catch (WasmletException | CoreTrap | CoreInterrupted e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InvalidComponentException(at(d) + e, e);
            }
        }
        return exports;
    }

    private ComponentInstanceState newState(String name) {
        return new ComponentInstanceState(name, rep -> drop(store, rep));
    }

    /** The name of the instance of a nested component made by the instantiation at {@code offset}. */
    static String nestedName(String parent, int offset) {
        return parent + "/instance " + offset;
    }

    /** The name of the lift at {@code offset} in {@code state} when it is not exported. */
    static String liftName(ComponentInstanceState state, int offset) {
        return liftName(state.name(), offset);
    }

    static String liftName(String instance, int offset) {
        return instance + "#func " + offset;
    }

    private static String at(Definition d) {
        return "definition at offset 0x" + Integer.toHexString(d.offset()) + ": ";
    }

    private void define(Definition d, Scope scope, Map<String, Object> args, ComponentInstanceState state,
                        Map<String, Object> exports) {
        if (d instanceof Definition.CoreModule m) {
            scope.add(Sort.CORE_MODULE, modules.get(m));
        } else if (d instanceof Definition.CoreInstantiate ci) {
            scope.add(Sort.CORE_INSTANCE, instantiateCore(ci, scope));
        } else if (d instanceof Definition.CoreInstanceExports ce) {
            Map<String, CoreExtern> map = new HashMap<>();
            for (var e : ce.exports()) {
                map.put(e.name(), scope.get(e.target().sort(), e.target().index(), CoreExtern.class, "a core item"));
            }
            scope.add(Sort.CORE_INSTANCE, new ExportsInstance(map));
        } else if (d instanceof Definition.CoreType t) {
            scope.add(Sort.CORE_TYPE, t.type());
        } else if (d instanceof Definition.NestedComponent c) {
            scope.add(Sort.COMPONENT, new ComponentClosure(c.component(), scope));
        } else if (d instanceof Definition.Instantiate i) {
            ComponentClosure closure = scope.get(Sort.COMPONENT, i.component(), ComponentClosure.class, "a component");
            Map<String, Object> nestedArgs = new HashMap<>();
            for (var a : i.args()) {
                nestedArgs.put(a.name(), scope.get(a.target().sort(), a.target().index()));
            }
            Map<String, Object> nested = instantiate(closure.binary(), new Scope(closure.scope()), nestedArgs,
                    newState(nestedName(state.name(), i.offset())));
            scope.add(Sort.INSTANCE, new InstanceValue(nested));
        } else if (d instanceof Definition.InstanceExports ie) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (var e : ie.exports()) {
                map.put(e.name().name(), scope.get(e.target().sort(), e.target().index()));
            }
            scope.add(Sort.INSTANCE, new InstanceValue(map));
        } else if (d instanceof Definition.Alias a) {
            scope.add(a.sort(), alias(a.sort(), a.target(), scope));
        } else if (d instanceof Definition.Type t) {
            scope.add(Sort.TYPE, defineType(t.type(), scope, state));
        } else if (d instanceof Canon c) {
            canon(c, scope, state);
        } else if (d instanceof Definition.Start s) {
            start(s, scope);
        } else if (d instanceof Definition.Import imp) {
            scope.add(imp.sort(), args == null ? hostImport(imp, scope) : nestedImport(imp, args));
        } else if (d instanceof Definition.Export e) {
            Object value = scope.get(e.target().sort(), e.target().index());
            exports.put(e.name().name(), value);
            scope.add(e.sort(), value);
        } else {
            throw new InvalidComponentException(at(d) + "component value definitions are not supported");
        }
    }

    private CoreInstance instantiateCore(Definition.CoreInstantiate ci, Scope scope) {
        CoreModule module = scope.get(Sort.CORE_MODULE, ci.module(), CoreModule.class, "a core module");
        Map<String, CoreInstance> args = new HashMap<>();
        for (var a : ci.args()) {
            args.put(a.name(), scope.get(Sort.CORE_INSTANCE, a.instance(), CoreInstance.class, "a core instance"));
        }
        List<CoreExtern> imports = new ArrayList<>(module.imports().size());
        for (CoreImport imp : module.imports()) {
            CoreInstance source = args.get(imp.module());
            if (source == null) {
                throw new InvalidComponentException(at(ci) + "core module imports from \"" + imp.module()
                        + "\", which no instantiation argument provides");
            }
            CoreExtern value = source.export(imp.name());
            if (value == null) {
                throw new InvalidComponentException(at(ci) + "core module imports " + imp.module() + "."
                        + imp.name() + ", which argument \"" + imp.module() + "\" does not export");
            }
            imports.add(value);
        }
        CoreInstance instance;
        try {
            instance = module.instantiate(coreStore, imports);
        } catch (CoreLinkException e) {
            throw new InvalidComponentException(at(ci) + e.getMessage(), e);
        }
        for (CoreExport e : module.exports()) {
            if (e.kind() == CoreImport.Kind.MEMORY) {
                memories.add((CoreMemory) instance.export(e.name()));
            }
        }
        return instance;
    }

    private Object alias(Sort sort, AliasTarget target, Scope scope) {
        if (target instanceof AliasTarget.Export e) {
            InstanceValue instance = scope.get(Sort.INSTANCE, e.instance(), InstanceValue.class, "an instance");
            Object value = instance.exports().get(e.name());
            if (value == null) {
                throw new InvalidComponentException("alias of export \"" + e.name() + "\" of instance "
                        + e.instance() + ", which has no such export (it has " + instance.exports().keySet() + ")");
            }
            return value;
        }
        if (target instanceof AliasTarget.CoreExport e) {
            CoreInstance instance = scope.get(Sort.CORE_INSTANCE, e.coreInstance(), CoreInstance.class,
                    "a core instance");
            CoreExtern value = instance.export(e.name());
            if (value == null) {
                throw new InvalidComponentException("alias of core export \"" + e.name() + "\" of core instance "
                        + e.coreInstance() + ", which has no such export");
            }
            return value;
        }
        AliasTarget.Outer o = (AliasTarget.Outer) target;
        return scope.outer(o.count()).get(sort, o.index());
    }

    private Object defineType(DefType type, Scope scope, ComponentInstanceState state) {
        if (type instanceof DefType.ResourceType r) {
            CoreFunction dtor = r.destructor().isPresent()
                    ? scope.get(Sort.CORE_FUNC, r.destructor().getAsInt(), CoreFunction.class, "a destructor")
                    : null;
            String name = "resource of " + state.name();
            ResourceType rt = new ResourceType(name,
                    dtor == null ? null : CanonicalAbi.destructor("[dtor]" + name, dtor, state));
            state.addImplementedType(rt);
            guestResourceTypes++;
            return rt;
        }
        if (type instanceof DefType.ComponentType c) {
            return new TypeDecls(c.decls(), scope);
        }
        if (type instanceof DefType.InstanceType i) {
            return new TypeDecls(i.decls(), scope);
        }
        return Types.resolve(type, scope);
    }

    private void canon(Canon c, Scope scope, ComponentInstanceState state) {
        if (c instanceof Canon.Lift lift) {
            FuncType type = scope.get(Sort.TYPE, lift.type(), FuncType.class, "a function type");
            CoreFunction core = scope.get(Sort.CORE_FUNC, lift.coreFunc(), CoreFunction.class, "a core function");
            String name = liftName(state, lift.offset());
            name = liftNames.getOrDefault(name, name);
            scope.add(Sort.FUNC, CanonicalAbi.lift(name, type, core, options(lift.options(), scope, lift), state));
        } else if (c instanceof Canon.Lower lower) {
            ComponentFunction f = scope.get(Sort.FUNC, lower.func(), ComponentFunction.class, "a function");
            String name = f instanceof NamedFunction n ? n.name() : state.name() + "#lowered " + lower.offset();
            var body = CanonicalAbi.lower(name, f.type(), f, options(lower.options(), scope, lower), state);
            scope.add(Sort.CORE_FUNC, engine.hostFunction(CanonicalAbi.flattenLowered(f.type()), body));
        } else if (c instanceof Canon.ResourceNew r) {
            scope.add(Sort.CORE_FUNC, engine.hostFunction(I32_TO_I32,
                    CanonicalAbi.resourceNew(resource(r.resource(), scope), state)));
        } else if (c instanceof Canon.ResourceDrop r) {
            scope.add(Sort.CORE_FUNC, engine.hostFunction(I32_TO_NONE,
                    CanonicalAbi.resourceDrop(resource(r.resource(), scope), state)));
        } else if (c instanceof Canon.ResourceRep r) {
            scope.add(Sort.CORE_FUNC, engine.hostFunction(I32_TO_I32,
                    CanonicalAbi.resourceRep(resource(r.resource(), scope), state)));
        } else {
            throw new InvalidComponentException(at(c) + "canon built-in " + c
                    + " belongs to WASI 0.3 (async, streams, threads), which is not supported yet");
        }
    }

    private static ResourceType resource(int typeIndex, Scope scope) {
        return scope.get(Sort.TYPE, typeIndex, ResourceType.class, "a resource type");
    }

    private static CanonOptions options(dev.wasmlet.runtime.internal.binary.CanonOptions o, Scope scope, Canon at) {
        if (o.async() || o.callback().isPresent()) {
            throw new InvalidComponentException(at(at) + "async canon options are WASI 0.3, which is not supported yet");
        }
        CoreMemory memory = o.memory().isPresent()
                ? scope.get(Sort.CORE_MEMORY, o.memory().getAsInt(), CoreMemory.class, "a memory") : null;
        CoreFunction realloc = o.realloc().isPresent()
                ? scope.get(Sort.CORE_FUNC, o.realloc().getAsInt(), CoreFunction.class, "a realloc function") : null;
        CoreFunction postReturn = o.postReturn().isPresent()
                ? scope.get(Sort.CORE_FUNC, o.postReturn().getAsInt(), CoreFunction.class, "a post-return function")
                : null;
        StringEncoding encoding = switch (o.stringEncoding()) {
            case UTF8 -> StringEncoding.UTF8;
            case UTF16 -> StringEncoding.UTF16;
            case LATIN1_UTF16 -> StringEncoding.LATIN1_UTF16;
        };
        return new CanonOptions(memory, realloc, encoding, postReturn);
    }

    private static void start(Definition.Start s, Scope scope) {
        ComponentFunction f = scope.get(Sort.FUNC, s.func(), ComponentFunction.class, "a function");
        if (!s.args().isEmpty() || s.results() != 0) {
            throw new InvalidComponentException(at(s) + "start functions with values are not supported");
        }
        f.call();
    }

    private static Object nestedImport(Definition.Import imp, Map<String, Object> args) {
        Object value = args.get(imp.name().name());
        if (value == null) {
            throw new InvalidComponentException(at(imp) + "nested component imports \"" + imp.name().name()
                    + "\", which its instantiation does not pass");
        }
        return value;
    }

    /**
     * An import of the outermost component: an instance the host serves. Its resolution is taken
     * from the cache unless a guest-defined resource type exists that its types could name.
     */
    private Object hostImport(Definition.Import imp, Scope scope) {
        if (guestResourceTypes > 0) {
            return planHostImport(imp, scope).bind(store);
        }
        HostImport plan = cache.hostImports.get(imp.offset());
        if (plan == null) {
            plan = planHostImport(imp, scope);
            cache.hostImports.putIfAbsent(imp.offset(), plan);
        }
        return plan.bind(store);
    }

    /** Resolves an import of the outermost component against its host, for any store. */
    private HostImport planHostImport(Definition.Import imp, Scope scope) {
        String name = imp.name().name();
        if (!(imp.type() instanceof ExternType.Instance instance)) {
            throw new UnlinkableComponentException("component imports " + name + " as a " + imp.type().sort()
                    + "; the host provides only interfaces (instances)");
        }
        HostInterface host = hostsByImport.get(name);
        if (host == null) {
            throw new UnlinkableComponentException("component imports " + name + ", which no host provides");
        }
        TypeDecls type = scope.get(Sort.TYPE, instance.type(), TypeDecls.class, "an instance type");
        Scope local = new Scope(type.scope());
        Map<String, Object> exports = new LinkedHashMap<>();
        for (Decl decl : type.decls()) {
            if (decl instanceof Decl.CoreType t) {
                local.add(Sort.CORE_TYPE, t.type());
            } else if (decl instanceof Decl.Type t) {
                boolean deferred = t.type() instanceof DefType.InstanceType || t.type() instanceof DefType.ComponentType;
                local.add(Sort.TYPE, deferred ? new TypeDecls(declsOf(t.type()), local) : Types.resolve(t.type(), local));
            } else if (decl instanceof Decl.Alias a) {
                local.add(a.sort(), alias(a.sort(), a.target(), local));
            } else if (decl instanceof Decl.Export e) {
                Object value = hostExport(name, host, e, local);
                local.add(e.type().sort(), value);
                exports.put(e.name().name(), value);
            } else {
                throw new InvalidComponentException("an instance type cannot import ("
                        + ((Decl.Import) decl).name().name() + ")");
            }
        }
        return new HostImport(exports);
    }

    /**
     * A host import resolved: its exports by name, types as they are and functions as host
     * methods to bind to each instance's store.
     */
    record HostImport(Map<String, Object> exports) {
        InstanceValue bind(Store store) {
            Map<String, Object> bound = new LinkedHashMap<>(exports);
            bound.replaceAll((name, value) -> value instanceof HostFunction f ? f.bind(store) : value);
            return new InstanceValue(bound);
        }
    }

    /** A host method under the function type it is imported with, named for messages. */
    private record HostFunction(String name, HostMethod.Prepared method) {
        ComponentFunction bind(Store store) {
            return new NamedFunction(name, method.bind(store));
        }
    }

    private static List<Decl> declsOf(DefType type) {
        return type instanceof DefType.InstanceType i ? i.decls() : ((DefType.ComponentType) type).decls();
    }

    private Object hostExport(String importName, HostInterface host, Decl.Export e, Scope local) {
        String name = e.name().name();
        if (e.type() instanceof ExternType.Type t) {
            if (t.bound() instanceof ExternType.TypeBound.Eq eq) {
                return local.get(Sort.TYPE, eq.type());
            }
            if (!host.resources().contains(name)) {
                throw new UnlinkableComponentException("component imports " + importName + " resource " + name
                        + ", which the host's " + host.name() + " does not provide");
            }
            return cache.hostResources.computeIfAbsent(host.name().unversioned() + "#" + name,
                    k -> ResourceType.host(name));
        }
        if (e.type() instanceof ExternType.Func f) {
            FuncType type = local.get(Sort.TYPE, f.type(), FuncType.class, "a function type");
            HostMethod method = host.method(name);
            if (method == null) {
                throw new UnlinkableComponentException("component imports " + importName + " function " + name
                        + ", which no host provides");
            }
            return new HostFunction(importName + "#" + name, method.prepare(type));
        }
        throw new UnlinkableComponentException("component imports " + importName + " " + name
                + " as a " + e.type().sort() + ", which the host cannot provide");
    }

    /** A host resource's last handle was dropped: release the host object. */
    private static void drop(Store store, int rep) {
        Object value = store.resources().remove(rep);
        if (value instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new GuestTrapException("closing " + value + " failed: " + e, e);
            }
        }
    }

    /** A function with a name for messages (the import it serves). */
    private record NamedFunction(String name, ComponentFunction delegate) implements ComponentFunction {
        @Override
        public FuncType type() {
            return delegate.type();
        }

        @Override
        public Object[] call(Object... args) {
            return delegate.call(args);
        }
    }

    /** The export of {@code exports} at {@code path} (instance export names, then a function). */
    public static Object lookup(Map<String, Object> exports, String... path) {
        Object value = exports;
        for (String segment : path) {
            Map<?, ?> map = value instanceof InstanceValue iv ? iv.exports() : value instanceof Map<?, ?> m ? m : null;
            value = map == null ? null : map.get(segment);
            if (value == null) {
                return null;
            }
        }
        return value;
    }

    /** The names of the exports of an exported instance, or of the top-level exports. */
    public static java.util.Set<String> names(Object exportsOrInstance) {
        if (exportsOrInstance instanceof InstanceValue iv) {
            return iv.exports().keySet();
        }
        return ((Map<?, ?>) exportsOrInstance).keySet().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
