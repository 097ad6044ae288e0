package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResourceValue;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts between canonical component values and what host methods take and return: resource
 * handles become the host's objects (and back), WIT enums may be Java enums. Everything else is
 * already in its Java form. Only types that contain resources are walked.
 */
final class HostConversions {
    /** One direction of conversion, for one type. */
    interface Conversion {
        Object apply(Object value, Store store);
    }

    private static final Conversion IDENTITY = (v, s) -> v;

    private HostConversions() {
    }

    static boolean isIdentity(Conversion c) {
        return c == IDENTITY;
    }

    /** Canonical value of {@code type} to the Java value a host method takes as {@code javaType}. */
    static Conversion toHost(ValueType type, Class<?> javaType) {
        if (javaType.isEnum() && type instanceof dev.wasmlet.runtime.types.EnumType e) {
            Object[] constants = enumConstants(e, javaType);
            return (v, s) -> constants[(Integer) v];
        }
        if (javaType == ResourceValue.class || !containsResources(type)) {
            return IDENTITY;
        }
        return toHost(type);
    }

    private static Conversion toHost(ValueType type) {
        if (!containsResources(type)) {
            return IDENTITY;
        }
        if (type instanceof OwnType) {
            return (v, s) -> s.resources().remove(((ResourceValue) v).rep());
        }
        if (type instanceof BorrowType) {
            return (v, s) -> s.resources().get(((ResourceValue) v).rep(), Object.class);
        }
        return walk(type, HostConversions::toHost);
    }

    /** What a host method returns as {@code javaType} to the canonical value of {@code type}. */
    static Conversion fromHost(ValueType type, Class<?> javaType) {
        if (javaType.isEnum() && type instanceof dev.wasmlet.runtime.types.EnumType e) {
            Object[] constants = enumConstants(e, javaType);
            return (v, s) -> {
                for (int i = 0; i < constants.length; i++) {
                    if (constants[i] == v) {
                        return i;
                    }
                }
                throw new IllegalArgumentException("no WIT label for " + v);
            };
        }
        return fromHost(type);
    }

    private static Conversion fromHost(ValueType type) {
        if (!containsResources(type)) {
            return IDENTITY;
        }
        if (type instanceof OwnType own) {
            return adopt(own.resource());
        }
        if (type instanceof BorrowType borrow) {
            return adopt(borrow.resource());
        }
        return walk(type, HostConversions::fromHost);
    }

    private static Conversion adopt(ResourceType resource) {
        return (v, s) -> v instanceof ResourceValue r ? r : new ResourceValue(resource, s.resources().add(v));
    }

    private interface Recursion {
        Conversion of(ValueType type);
    }

    /** Applies the element conversions of a composite type. */
    private static Conversion walk(ValueType type, Recursion inner) {
        if (type instanceof ListType list) {
            Conversion element = inner.of(list.element());
            return (v, s) -> mapList((List<?>) v, i -> element, s);
        }
        if (type instanceof TupleType tuple) {
            List<Conversion> parts = tuple.types().stream().map(inner::of).toList();
            return (v, s) -> mapList((List<?>) v, parts::get, s);
        }
        if (type instanceof RecordType record) {
            List<Conversion> parts = record.fields().stream().map(f -> inner.of(f.type())).toList();
            return (v, s) -> mapList((List<?>) v, parts::get, s);
        }
        if (type instanceof OptionType option) {
            Conversion element = inner.of(option.type());
            return (v, s) -> ((Optional<?>) v).map(x -> element.apply(x, s));
        }
        if (type instanceof ResultType result) {
            Conversion ok = result.ok() == null ? IDENTITY : inner.of(result.ok());
            Conversion error = result.error() == null ? IDENTITY : inner.of(result.error());
            return (v, s) -> {
                ResultValue r = (ResultValue) v;
                Object payload = r.payload() == null ? null : (r.isOk() ? ok : error).apply(r.payload(), s);
                return new ResultValue(r.isOk(), payload);
            };
        }
        if (type instanceof VariantType variant) {
            List<Conversion> cases = variant.cases().stream()
                    .map(c -> c.type() == null ? IDENTITY : inner.of(c.type())).toList();
            return (v, s) -> {
                VariantValue x = (VariantValue) v;
                Object payload = x.payload() == null ? null : cases.get(x.caseIndex()).apply(x.payload(), s);
                return new VariantValue(x.caseIndex(), payload);
            };
        }
        return IDENTITY;
    }

    private interface IndexedConversion {
        Conversion at(int index);
    }

    private static List<Object> mapList(List<?> values, IndexedConversion conversions, Store store) {
        List<Object> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(conversions.at(i).apply(values.get(i), store));
        }
        return out;
    }

    static boolean containsResources(ValueType type) {
        if (type instanceof OwnType || type instanceof BorrowType) {
            return true;
        }
        if (type instanceof ListType l) {
            return containsResources(l.element());
        }
        if (type instanceof TupleType t) {
            return t.types().stream().anyMatch(HostConversions::containsResources);
        }
        if (type instanceof RecordType r) {
            return r.fields().stream().anyMatch(f -> containsResources(f.type()));
        }
        if (type instanceof OptionType o) {
            return containsResources(o.type());
        }
        if (type instanceof ResultType r) {
            return (r.ok() != null && containsResources(r.ok())) || (r.error() != null && containsResources(r.error()));
        }
        if (type instanceof VariantType v) {
            return v.cases().stream().anyMatch(c -> c.type() != null && containsResources(c.type()));
        }
        return false;
    }

    /** The Java enum constants in WIT label order; every label must have one. */
    private static Object[] enumConstants(dev.wasmlet.runtime.types.EnumType type, Class<?> javaType) {
        Object[] constants = new Object[type.labels().size()];
        for (int i = 0; i < constants.length; i++) {
            String wanted = type.labels().get(i).toUpperCase(Locale.ROOT).replace('-', '_');
            for (Object c : javaType.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(wanted)) {
                    constants[i] = c;
                }
            }
            if (constants[i] == null) {
                throw new IllegalArgumentException(javaType.getName() + " has no constant " + wanted
                        + " for WIT label " + type.labels().get(i));
            }
        }
        return constants;
    }
}
