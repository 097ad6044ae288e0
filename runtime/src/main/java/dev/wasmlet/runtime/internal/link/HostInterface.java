package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.host.InterfaceName;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A host object annotated {@link WitInterface}, with its methods by WIT name. */
public final class HostInterface {
    private final InterfaceName name;
    private final Set<String> resources;
    private final Map<String, HostMethod> methods = new HashMap<>();

    public HostInterface(Object host) {
        WitInterface annotation = host.getClass().getAnnotation(WitInterface.class);
        if (annotation == null) {
            throw new IllegalArgumentException(host.getClass().getName() + " is not annotated @WitInterface");
        }
        this.name = InterfaceName.parse(annotation.value());
        if (name == null) {
            throw new IllegalArgumentException("@WitInterface(\"" + annotation.value() + "\") on "
                    + host.getClass().getName() + " is not of the form namespace:package/interface@version");
        }
        this.resources = Set.of(annotation.resources());
        for (Method m : host.getClass().getMethods()) {
            if (m.isAnnotationPresent(WitFunction.class) && !Modifier.isStatic(m.getModifiers())) {
                HostMethod method = new HostMethod(name.toString(), host, m);
                if (methods.put(method.witName(), method) != null) {
                    throw new IllegalArgumentException(host.getClass().getName() + " implements "
                            + method.witName() + " twice");
                }
            }
        }
    }

    public InterfaceName name() {
        return name;
    }

    Set<String> resources() {
        return resources;
    }

    /**
     * Why function {@code witName} with {@code params} parameters and {@code results} results does
     * not fit this host, or null when it does (or when the host has no such function).
     */
    public String misfit(String witName, int params, int results) {
        HostMethod m = methods.get(witName);
        return m == null ? null : m.misfit(params, results);
    }

    /** The method implementing {@code witName}, or null. */
    HostMethod method(String witName) {
        return methods.get(witName);
    }

    public Set<String> functionNames() {
        return methods.keySet();
    }
}
