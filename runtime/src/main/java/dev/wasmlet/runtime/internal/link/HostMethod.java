package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.UnlinkableComponentException;
import dev.wasmlet.runtime.WasmletException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.types.FuncType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link WitFunction} method of a host object, ready to be bound to the function type a
 * component imports it with. The method handle is made once, the conversions once per function
 * type ({@link #prepare}); binding to an instance's store allocates only the bound function.
 */
final class HostMethod {
    private final String interfaceName;
    private final String witName;
    private final Method method;
    private final MethodHandle invoker;
    private final boolean wantsStore;
    private final int witParams;
    /**
     * By the function types components import this method with: equal across the instances of a
     * component, whose host resource types are shared (see {@link dev.wasmlet.runtime.types.ResourceType#host}).
     */
    private final Map<FuncType, Conversions> conversions = new ConcurrentHashMap<>();

    HostMethod(String interfaceName, Object host, Method method) {
        this.interfaceName = interfaceName;
        this.witName = method.getAnnotation(WitFunction.class).value();
        this.method = method;
        Class<?>[] params = method.getParameterTypes();
        this.wantsStore = params.length > 0 && params[0] == Store.class;
        this.witParams = params.length - (wantsStore ? 1 : 0);
        try {
            MethodHandle mh = MethodHandles.publicLookup().unreflect(method);
            if (!Modifier.isStatic(method.getModifiers())) {
                mh = mh.bindTo(host);
            }
            mh = mh.asType(MethodType.genericMethodType(params.length));
            this.invoker = mh.asSpreader(Object[].class, params.length);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("host method " + method + " must be public in a public class", e);
        }
    }

    String witName() {
        return witName;
    }

    /** Why a function of {@code params} parameters and {@code results} results cannot be this method, or null. */
    String misfit(int params, int results) {
        if (params != witParams || results > 1 || (results == 0) != (method.getReturnType() == void.class)) {
            return "it takes " + params + " parameter(s) and returns " + results + " result(s), but the host's "
                    + method.getName() + " takes " + witParams + " and returns "
                    + (method.getReturnType() == void.class ? "nothing" : method.getReturnType().getSimpleName());
        }
        return null;
    }

    /** This method under the function type {@code type} a component imports it with: checked and converted once. */
    Prepared prepare(FuncType type) {
        return new Prepared(type, conversions.computeIfAbsent(type, this::conversions));
    }

    /** This method under one function type, ready to be bound to the store of each instance. */
    final class Prepared {
        private final FuncType type;
        private final Conversions conversions;

        private Prepared(FuncType type, Conversions conversions) {
            this.type = type;
            this.conversions = conversions;
        }

        /** A component function that runs the method for the instance owning {@code store}. */
        ComponentFunction bind(Store store) {
            return new Bound(type, store, conversions);
        }
    }

    /** The conversions of the arguments and the result between {@code type} and this method. */
    private Conversions conversions(FuncType type) {
        String misfit = misfit(type.params().size(), type.results().size());
        if (misfit != null) {
            throw new UnlinkableComponentException("component imports " + interfaceName + " function " + witName
                    + " with another type: " + misfit);
        }
        Class<?>[] javaParams = method.getParameterTypes();
        int offset = wantsStore ? 1 : 0;
        HostConversions.Conversion[] in = new HostConversions.Conversion[witParams];
        for (int i = 0; i < witParams; i++) {
            in[i] = HostConversions.toHost(type.params().get(i).type(), javaParams[i + offset]);
        }
        HostConversions.Conversion out = type.results().isEmpty() ? null
                : HostConversions.fromHost(type.results().get(0), method.getReturnType());
        return new Conversions(in, out);
    }

    private record Conversions(HostConversions.Conversion[] in, HostConversions.Conversion out) {
    }

    private final class Bound implements ComponentFunction {
        private final FuncType type;
        private final Store store;
        private final HostConversions.Conversion[] in;
        private final HostConversions.Conversion out;
        private final int offset;

        Bound(FuncType type, Store store, Conversions conversions) {
            this.type = type;
            this.store = store;
            this.in = conversions.in();
            this.out = conversions.out();
            this.offset = wantsStore ? 1 : 0;
        }

        @Override
        public FuncType type() {
            return type;
        }

        @Override
        public Object[] call(Object... args) {
            Object[] javaArgs = new Object[args.length + offset];
            if (offset == 1) {
                javaArgs[0] = store;
            }
            for (int i = 0; i < args.length; i++) {
                javaArgs[i + offset] = in[i].apply(args[i], store);
            }
            Object result;
            try {
                result = invoker.invoke(javaArgs);
            } catch (WasmletException | CoreTrap | CoreInterrupted | Error e) {
                throw e;
            } catch (RuntimeException e) {
                // Anything else is a host bug or an argument the host cannot take: the guest stops.
                throw new GuestTrapException(interfaceName + "#" + witName + " failed: " + e, e);
            } catch (Throwable e) {
                throw new GuestTrapException(interfaceName + "#" + witName + " failed: " + e, e);
            }
            return out == null ? new Object[0] : new Object[] {out.apply(result, store)};
        }
    }
}
