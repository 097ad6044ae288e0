package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.types.FuncType;

/** {@code canon lift}: a guest core function as a component function. */
final class LiftedFunction implements ComponentFunction {
    private final String name;
    private final FuncType type;
    private final CoreFunction callee;
    private final CanonOptions opts;
    private final CoreFunction postReturn;
    private final ComponentInstanceState inst;
    private final Values params;
    private final Values results;
    /** The context of every call when the parameters hold no borrow; else null (one per call). */
    private final CallContext shared;

    LiftedFunction(String name, FuncType type, CoreFunction callee, CanonOptions opts,
            ComponentInstanceState inst, Values params, Values results) {
        this.name = name;
        this.type = type;
        this.callee = callee;
        this.opts = opts;
        this.postReturn = opts.postReturn();
        this.inst = inst;
        this.params = params;
        this.results = results;
        this.shared = params.layout.hasBorrow ? null : new CallContext(name, inst, opts);
    }

    @Override
    public FuncType type() {
        return type;
    }

    @Override
    public Object[] call(Object... args) {
        ComponentInstanceState inst = this.inst;
        if (!inst.mayEnter()) {
            throw inst.enterTrap(name);
        }
        if (args.length != params.count) {
            throw new IllegalArgumentException(name + ": " + args.length + " arguments given, " + type
                    + " takes " + params.count);
        }
        CallContext cx = shared != null ? shared : new CallContext(name, inst, opts);
        try {
            inst.mayLeave = false;
            long[] flatArgs = params.lowerAllocating(cx, args, CanonicalAbi.MAX_FLAT_PARAMS);
            inst.mayLeave = true;
            long[] flatResults = callee.call(flatArgs);
            Object[] out = results.lift(cx, flatResults, CanonicalAbi.MAX_FLAT_RESULTS);
            if (postReturn != null) {
                try {
                    postReturn.call(flatResults);
                } catch (CoreTrap e) {
                    throw new GuestTrapException(name + ": post-return trapped: " + e.getMessage(), e);
                }
            }
            if (cx.borrowCount != 0) {
                int i = inst.findBorrow(cx);
                throw cx.trap("borrow handle " + i + " of resource " + inst.typeAt(i).name()
                        + " still held when " + name + " returned");
            }
            return out;
        } catch (CoreTrap e) {
            inst.poison();
            throw new GuestTrapException(name + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            inst.poison();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "lifted " + name + ": " + type;
    }
}
