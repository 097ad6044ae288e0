package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.HostFunctionBody;

/** {@code canon lower}: a component function as the body of a core function a guest imports. */
final class LoweredFunction implements HostFunctionBody {
    private final String name;
    private final ComponentFunction callee;
    private final CanonOptions opts;
    private final ComponentInstanceState inst;
    private final Values params;
    private final Values results;
    private final CallContext shared;
    private final boolean callingImport;

    LoweredFunction(String name, ComponentFunction callee, CanonOptions opts, ComponentInstanceState inst,
            Values params, Values results, boolean callingImport) {
        this.callingImport = callingImport;
        this.name = name;
        this.callee = callee;
        this.opts = opts;
        this.inst = inst;
        this.params = params;
        this.results = results;
        this.shared = params.layout.hasBorrow ? null : new CallContext(name, inst, opts);
    }

    @Override
    public long[] call(long[] args) {
        ComponentInstanceState inst = this.inst;
        if (!inst.mayLeave) {
            throw new GuestTrapException(name + ": component instance " + inst.name()
                    + " may not call an import now (may_leave is false: inside realloc during lowering)");
        }
        CallContext cx = shared != null ? shared : new CallContext(name, inst, opts);
        if (callingImport) {
            inst.mayEnter = false;
        }
        Object[] vals = params.lift(cx, args, CanonicalAbi.MAX_FLAT_PARAMS);
        Object[] res = callee.call(vals);
        if (res == null || res.length != results.count) {
            throw new IllegalStateException(name + ": the callee returned " + (res == null ? "null" : res.length
                    + " values") + ", its type has " + results.count + " results");
        }
        inst.mayLeave = false;
        long[] flat = results.lowerIntoOutParam(cx, res, CanonicalAbi.MAX_FLAT_RESULTS, args);
        inst.mayLeave = true;
        if (callingImport) {
            inst.mayEnter = true;
        }
        cx.releaseLenders();
        return flat;
    }

    @Override
    public String toString() {
        return "lowered " + name;
    }
}
