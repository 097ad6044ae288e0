package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** A pretend guest for tests: a memory, a bump realloc, an instance state and canon options. */
final class Guest {
    final TestMemory memory = new TestMemory(1);
    final BumpAllocator realloc = new BumpAllocator(memory, 1024);
    final ComponentInstanceState inst;
    final StringEncoding encoding;
    final CanonOptions opts;

    Guest(StringEncoding encoding) {
        this("guest", encoding);
    }

    Guest(String name, StringEncoding encoding) {
        this.inst = new ComponentInstanceState(name);
        this.encoding = encoding;
        this.opts = new CanonOptions(memory, realloc, encoding, null);
    }

    CanonOptions opts(CoreFunction postReturn) {
        return new CanonOptions(memory, realloc, encoding, postReturn);
    }

    CallContext cx(String name) {
        return new CallContext(name, inst, opts);
    }

    int alloc(int align, int size) {
        return (int) realloc.call(0, 0, align, size)[0];
    }

    static CoreFunction core(CoreFuncType type, HostFunctionBody body) {
        return new CoreFunction() {
            @Override
            public CoreFuncType type() {
                return type;
            }

            @Override
            public long[] call(long... args) {
                return body.call(args);
            }
        };
    }

    static ComponentFunction host(FuncType type, Function<Object[], Object[]> body) {
        return new ComponentFunction() {
            @Override
            public FuncType type() {
                return type;
            }

            @Override
            public Object[] call(Object... args) {
                return body.apply(args);
            }
        };
    }

    /**
     * {@code inner} lowered into this guest, and the core function of a guest that forwards its
     * export to that import (dropping the borrows it was lent before it returns), lifted back:
     * a host → guest → host round trip.
     */
    ComponentFunction reexport(String name, ComponentFunction inner) {
        FuncType ft = inner.type();
        HostFunctionBody body = CanonicalAbi.lower(name + "/import", ft, inner, opts, inst);
        CoreFuncType lowered = CanonicalAbi.flattenLowered(ft);
        CoreFuncType lifted = CanonicalAbi.flattenLifted(ft);
        boolean retptr = lowered.params().size() > lifted.params().size();
        ValueType resultTuple = new TupleType(ft.results());
        CoreFunction code = core(lifted, args -> {
            long[] a = args;
            int out = 0;
            if (retptr) {
                out = alloc(CanonicalAbi.alignment(resultTuple), CanonicalAbi.elemSize(resultTuple));
                a = Arrays.copyOf(args, args.length + 1);
                a[args.length] = out;
            }
            long[] r = body.call(a);
            for (int i : inst.borrowIndices()) {
                ResourceType rt = inst.typeAt(i);
                CanonicalAbi.resourceDrop(rt, inst).call(new long[] {i});
            }
            return retptr ? new long[] {out} : r;
        });
        return CanonicalAbi.lift(name, ft, code, opts, inst);
    }

    static FuncType func(List<ValueType> params, List<ValueType> results) {
        FuncType.Param[] ps = new FuncType.Param[params.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = new FuncType.Param("p" + i, params.get(i));
        }
        return new FuncType(List.of(ps), results);
    }
}
