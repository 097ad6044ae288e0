package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.internal.binary.AliasTarget;
import dev.wasmlet.runtime.internal.binary.Canon;
import dev.wasmlet.runtime.internal.binary.ComponentBinary;
import dev.wasmlet.runtime.internal.binary.Definition;
import dev.wasmlet.runtime.internal.binary.Sort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which {@code canon lift} each export of a component is, by following the func, instance
 * and component index spaces symbolically: through aliases, inline instances and instantiations
 * of nested components (such as the shim components through which wit-component exports
 * interfaces). The names only label trap messages, so anything it cannot follow stays unnamed.
 * A lift is told apart per nested instance by its {@link Instantiator#liftName default name},
 * which holds the path of instantiations down to it and its offset.
 */
final class ExportNames {
    private ExportNames() {
    }

    /** A lift: the instance it is in and its offset (offsets are absolute, unique in a binary). */
    private record Lift(String instance, int offset) {
        String named(String exportName) {
            return instance + "#" + exportName;
        }
    }

    /**
     * The names of the lifts that an instance {@code name} of {@code binary} exports, by their
     * default names: {@code name#run} for a function export, {@code name#wasi:cli/run@0.2.0#run}
     * for a function of an exported instance.
     */
    static Map<String, String> of(ComponentBinary binary, String name) {
        Map<String, String> names = new HashMap<>();
        try {
            analyze(binary, name, Map.of(), null).forEach((export, value) -> {
                if (value instanceof Lift lift) {
                    names.putIfAbsent(Instantiator.liftName(lift.instance(), lift.offset()), lift.named(export));
                } else if (value instanceof Map<?, ?> instance) {
                    instance.forEach((f, v) -> {
                        if (v instanceof Lift lift) {
                            names.putIfAbsent(Instantiator.liftName(lift.instance(), lift.offset()),
                                    lift.named(export + "#" + f));
                        }
                    });
                }
            });
        } catch (RuntimeException e) {
            // A component the linker will reject anyway: leave its functions unnamed.
        }
        return names;
    }

    /** The component index space of a component and of those around it, for outer aliases. */
    private record Components(List<Object> space, Components parent) {
    }

    /** A nested component with the index spaces its outer aliases see. */
    private record Closure(ComponentBinary binary, Components outer) {
    }

    /**
     * The exports of the instance {@code name} of {@code binary}: a function is its {@link Lift},
     * an instance a map of its exports, a component its {@link Closure}, anything else (or unknown) null.
     */
    private static Map<String, Object> analyze(ComponentBinary binary, String name, Map<String, Object> args,
                                               Components outer) {
        List<Object> funcs = new ArrayList<>();
        List<Object> instances = new ArrayList<>();
        Components components = new Components(new ArrayList<>(), outer);
        Map<String, Object> exports = new HashMap<>();
        for (Definition d : binary.definitions()) {
            Object value = null;
            if (d instanceof Canon.Lift) {
                value = new Lift(name, d.offset());
            } else if (d instanceof Definition.Import imp) {
                value = args.get(imp.name().name());
            } else if (d instanceof Definition.NestedComponent c) {
                value = new Closure(c.component(), components);
            } else if (d instanceof Definition.Alias a) {
                if (a.target() instanceof AliasTarget.Export e && at(instances, e.instance()) instanceof Map<?, ?> m) {
                    value = m.get(e.name());
                } else if (a.target() instanceof AliasTarget.Outer o && a.sort() == Sort.COMPONENT) {
                    Components c = components;
                    for (int i = 0; i < o.count() && c != null; i++) {
                        c = c.parent();
                    }
                    value = c == null ? null : at(c.space(), o.index());
                }
            } else if (d instanceof Definition.InstanceExports ie) {
                Map<String, Object> m = new HashMap<>();
                for (var e : ie.exports()) {
                    m.put(e.name().name(), at(space(e.target().sort(), funcs, instances, components), e.target().index()));
                }
                value = m;
            } else if (d instanceof Definition.Instantiate i
                    && at(components.space(), i.component()) instanceof Closure nested) {
                Map<String, Object> nestedArgs = new HashMap<>();
                for (var arg : i.args()) {
                    nestedArgs.put(arg.name(),
                            at(space(arg.target().sort(), funcs, instances, components), arg.target().index()));
                }
                value = analyze(nested.binary(), Instantiator.nestedName(name, i.offset()), nestedArgs,
                        nested.outer());
            } else if (d instanceof Definition.Export e) {
                value = at(space(e.target().sort(), funcs, instances, components), e.target().index());
                exports.put(e.name().name(), value);
            }
            List<Object> space = space(d.sort(), funcs, instances, components);
            if (space != null) {
                for (int i = 0; i < d.definedCount(); i++) {
                    space.add(value);
                }
            }
        }
        return exports;
    }

    private static List<Object> space(Sort sort, List<Object> funcs, List<Object> instances, Components components) {
        return switch (sort) {
            case FUNC -> funcs;
            case INSTANCE -> instances;
            case COMPONENT -> components.space();
            default -> null;
        };
    }

    private static Object at(List<Object> space, int index) {
        return space != null && index >= 0 && index < space.size() ? space.get(index) : null;
    }
}
