package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The canonical ABI of the component model (its synchronous subset): {@code canon lift},
 * {@code canon lower} and the resource built-ins, with the layout functions they rest on.
 *
 * <p>Everything that depends only on the function type (codecs, flat types, tuple layouts) is
 * computed when a function is lifted or lowered, not per call. Traps raise
 * {@link GuestTrapException}s whose message starts with the function's name. Java values that do
 * not fit their type (host bugs) raise {@link IllegalArgumentException}s. Canon definitions that
 * do not validate (a callee of the wrong core type, a missing memory or realloc) raise
 * {@link InvalidComponentException}s at creation.
 */
public final class CanonicalAbi {
    public static final int MAX_FLAT_PARAMS = 16;
    public static final int MAX_FLAT_RESULTS = 1;

    private static final CoreFuncType REALLOC_TYPE = new CoreFuncType(
            List.of(CoreValType.I32, CoreValType.I32, CoreValType.I32, CoreValType.I32), List.of(CoreValType.I32));
    private static final long[] NONE = new long[0];

    private CanonicalAbi() {
    }

    // ------------------------------------------------------------------ layout

    /** {@code alignment(t)}. */
    public static int alignment(ValueType t) {
        return Codec.of(t).align;
    }

    /** {@code elem_size(t)}: the bytes a value takes in memory, as a list element or a field. */
    public static int elemSize(ValueType t) {
        return Codec.of(t).size;
    }

    /** {@code flatten_type(t)}. */
    public static List<CoreValType> flatten(ValueType t) {
        return List.of(Codec.of(t).flat);
    }

    /** {@code flatten_functype(t, 'lift')}: the core type a {@code canon lift} callee must have. */
    public static CoreFuncType flattenLifted(FuncType t) {
        return Signature.of(t).lifted;
    }

    /** {@code flatten_functype(t, 'lower')}: the core type of a {@code canon lower} function. */
    public static CoreFuncType flattenLowered(FuncType t) {
        return Signature.of(t).lowered;
    }

    // ------------------------------------------------------------------ lift and lower

    /**
     * {@code canon lift}: the component function through which the host (or another component's
     * {@code canon lower}) calls the guest core function {@code callee} of instance {@code inst}.
     *
     * @param name the function's name in trap messages ({@code wasi:http/incoming-handler#handle})
     * @throws InvalidComponentException when {@code callee} does not have type
     *     {@link #flattenLifted}, or a needed memory or realloc is missing
     */
    public static ComponentFunction lift(String name, FuncType type, CoreFunction callee, CanonOptions opts,
            ComponentInstanceState inst) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(inst, "inst");
        Signature sig = Signature.of(type);
        Values params = sig.params;
        Values results = sig.results;
        checkNoBorrowInResults(name, sig);
        CoreFuncType expected = sig.lifted;
        if (!expected.equals(callee.type())) {
            throw new InvalidComponentException(name + ": canon lift of " + type + " needs a core function of type "
                    + expected + ", got " + callee.type());
        }
        checkOptions(name, type, opts, params.usesMemory(MAX_FLAT_PARAMS) || results.usesMemory(MAX_FLAT_RESULTS),
                params.usesMemory(MAX_FLAT_PARAMS));
        if (opts.postReturn() != null) {
            CoreFuncType pr = new CoreFuncType(expected.results(), List.of());
            if (!pr.equals(opts.postReturn().type())) {
                throw new InvalidComponentException(name + ": post-return of " + type + " must have type " + pr
                        + ", got " + opts.postReturn().type());
            }
        }
        return new LiftedFunction(name, type, callee, opts, inst, params, results);
    }

    /**
     * {@code canon lower}: the body of the core function through which guest code of {@code inst}
     * calls {@code callee} (a host function or another component's lifted export). The core
     * function must be given type {@link #flattenLowered}.
     *
     * <p>While {@code callee} runs, {@code inst} may not be entered (every lowered function is
     * treated as a call to an import).
     */
    public static HostFunctionBody lower(String name, FuncType type, ComponentFunction callee, CanonOptions opts,
            ComponentInstanceState inst) {
        return lower(name, type, callee, opts, inst, true);
    }

    /**
     * {@code canon lower} with the spec's {@code calling_import} flag: when false (a parent
     * component calling into a child it instantiated), {@code inst} stays enterable during the
     * call, so the child may call back into the parent through functions the parent gave it.
     */
    public static HostFunctionBody lower(String name, FuncType type, ComponentFunction callee, CanonOptions opts,
            ComponentInstanceState inst, boolean callingImport) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(inst, "inst");
        Signature sig = Signature.of(type);
        Values params = sig.params;
        Values results = sig.results;
        checkNoBorrowInResults(name, sig);
        checkOptions(name, type, opts, params.usesMemory(MAX_FLAT_PARAMS) || results.usesMemory(MAX_FLAT_RESULTS),
                results.layout.usesMemory);
        if (opts.postReturn() != null) {
            throw new InvalidComponentException(name + ": canon lower takes no post-return option");
        }
        return new LoweredFunction(name, callee, opts, inst, params, results, callingImport);
    }

    private static void checkNoBorrowInResults(String name, Signature sig) {
        if (sig.borrowInResults) {
            throw new InvalidComponentException(name + ": a borrow may not appear in the results of " + sig.type);
        }
    }

    private static void checkOptions(String name, FuncType type, CanonOptions opts, boolean needsMemory,
            boolean needsRealloc) {
        Objects.requireNonNull(opts, "opts");
        if (needsMemory && opts.memory() == null) {
            throw new InvalidComponentException(name + ": " + type + " needs a memory canon option");
        }
        if (needsRealloc && opts.realloc() == null) {
            throw new InvalidComponentException(name + ": " + type + " needs a realloc canon option");
        }
        if (opts.realloc() != null && !REALLOC_TYPE.equals(opts.realloc().type())) {
            throw new InvalidComponentException(name + ": realloc must have type " + REALLOC_TYPE + ", got "
                    + opts.realloc().type());
        }
    }

    // ------------------------------------------------------------------ resources

    /**
     * {@code canon resource.new}: {@code (func (param i32 rep) (result i32 handle))} adding an own
     * handle to {@code inst}'s table. Records that {@code inst} implements {@code rt}.
     */
    public static HostFunctionBody resourceNew(ResourceType rt, ComponentInstanceState inst) {
        return resourceNew("[resource-new]" + rt.name(), rt, inst);
    }

    public static HostFunctionBody resourceNew(String name, ResourceType rt, ComponentInstanceState inst) {
        inst.addImplementedType(rt);
        return args -> {
            checkMayLeave(name, inst);
            return new long[] {inst.add(name, new Handle(rt, (int) args[0], true, null))};
        };
    }

    /**
     * {@code canon resource.drop}: {@code (func (param i32 handle))}. Dropping an own handle traps
     * while it is lent out, then runs {@link ResourceType#destructor()} (if any; for a host type, the
     * host's release) with the representation; dropping a borrow handle ends that borrow for the
     * call it was lent for.
     */
    public static HostFunctionBody resourceDrop(ResourceType rt, ComponentInstanceState inst) {
        return resourceDrop("[resource-drop]" + rt.name(), rt, inst);
    }

    public static HostFunctionBody resourceDrop(String name, ResourceType rt, ComponentInstanceState inst) {
        return args -> {
            checkMayLeave(name, inst);
            int i = (int) args[0];
            Handle h = inst.get(name, i, rt);
            if (h.own) {
                if (h.lendCount != 0) {
                    throw new GuestTrapException(name + ": cannot drop own handle " + i + " of resource " + rt.name()
                            + " while it is lent out (" + h.lendCount + " borrows)");
                }
                inst.remove(i);
                inst.destroy(rt, h.rep);
            } else {
                inst.remove(i);
                h.scope.borrowCount--;
            }
            return NONE;
        };
    }

    /**
     * {@code canon resource.rep}: {@code (func (param i32 handle) (result i32 rep))}. Records that
     * {@code inst} implements {@code rt}.
     */
    public static HostFunctionBody resourceRep(ResourceType rt, ComponentInstanceState inst) {
        return resourceRep("[resource-rep]" + rt.name(), rt, inst);
    }

    public static HostFunctionBody resourceRep(String name, ResourceType rt, ComponentInstanceState inst) {
        inst.addImplementedType(rt);
        return args -> {
            checkMayLeave(name, inst);
            return new long[] {inst.get(name, (int) args[0], rt).rep};
        };
    }

    /**
     * The destructor to give a {@link ResourceType} that guest instance {@code impl} implements
     * with core function {@code dtor} ({@code (func (param i32))}): traps when {@code impl} may not
     * be entered (a destructor call is like a call to an export), and maps a trap of {@code dtor}
     * to a {@link GuestTrapException} that poisons {@code impl}.
     */
    public static IntConsumer destructor(String name, CoreFunction dtor, ComponentInstanceState impl) {
        Objects.requireNonNull(dtor, "dtor");
        return rep -> {
            if (!impl.mayEnter()) {
                throw impl.enterTrap(name);
            }
            try {
                dtor.call(rep);
            } catch (CoreTrap e) {
                impl.poison();
                throw new GuestTrapException(name + ": " + e.getMessage(), e);
            }
        };
    }

    private static void checkMayLeave(String name, ComponentInstanceState inst) {
        if (!inst.mayLeave) {
            throw new GuestTrapException(name + ": component instance " + inst.name()
                    + " may not call built-ins now (may_leave is false: inside realloc during lowering)");
        }
    }
}
