package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResourceType;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function type compiled for the canonical ABI: the codecs and layouts of its parameters and
 * results and its two flat core types. Immutable and stateless, so shared between instances and
 * threads: signatures are cached (their number is bounded by the types of the loaded components),
 * except those of types naming a resource type a guest defines, which is new in every instance.
 * Host resource types are shared by the instances of a component, so the function types of the
 * imports they serve are equal across instances and compiled once.
 */
final class Signature {
    private static final int CACHE_LIMIT = 8192;
    private static final ConcurrentHashMap<FuncType, Signature> CACHE = new ConcurrentHashMap<>();

    final FuncType type;
    final Values params;
    final Values results;
    final CoreFuncType lifted;
    final CoreFuncType lowered;
    /** Whether a result contains a borrow, which neither lift nor lower allows: checked per instance, computed once. */
    final boolean borrowInResults;

    private Signature(FuncType type) {
        this.type = type;
        this.borrowInResults = type.results().stream().anyMatch(Signature::containsBorrow);
        List<String> names = new ArrayList<>(type.params().size());
        for (FuncType.Param p : type.params()) {
            names.add(p.name());
        }
        this.params = new Values(type.paramTypes(), names);
        this.results = new Values(type.results(), null);
        List<CoreValType> flatParams = params.spills(CanonicalAbi.MAX_FLAT_PARAMS) ? List.of(CoreValType.I32)
                : Arrays.asList(params.layout.flat);
        if (results.spills(CanonicalAbi.MAX_FLAT_RESULTS)) {
            this.lifted = new CoreFuncType(flatParams, List.of(CoreValType.I32));
            List<CoreValType> p = new ArrayList<>(flatParams);
            p.add(CoreValType.I32);
            this.lowered = new CoreFuncType(p, List.of());
        } else {
            List<CoreValType> r = Arrays.asList(results.layout.flat);
            this.lifted = new CoreFuncType(flatParams, r);
            this.lowered = new CoreFuncType(flatParams, r);
        }
    }

    static Signature of(FuncType type) {
        Signature s = CACHE.get(type);
        if (s != null) {
            return s;
        }
        s = new Signature(type);
        if (!namesGuestResources(type)) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.putIfAbsent(type, s);
        }
        return s;
    }

    /** Whether {@code t} names a resource type a guest defines (generative: new in every instance). */
    private static boolean namesGuestResources(FuncType t) {
        Predicate<ValueType> guestHandle = h -> !resourceOf(h).isHost();
        for (FuncType.Param p : t.params()) {
            if (contains(p.type(), guestHandle)) {
                return true;
            }
        }
        for (ValueType r : t.results()) {
            if (contains(r, guestHandle)) {
                return true;
            }
        }
        return false;
    }

    static boolean containsBorrow(ValueType t) {
        return contains(t, h -> h instanceof BorrowType);
    }

    private static ResourceType resourceOf(ValueType handle) {
        return handle instanceof OwnType o ? o.resource() : ((BorrowType) handle).resource();
    }

    /** Whether {@code t} contains an own or borrow handle type that passes {@code test}. */
    private static boolean contains(ValueType t, Predicate<ValueType> test) {
        if (t instanceof BorrowType || t instanceof OwnType) {
            return test.test(t);
        } else if (t instanceof ListType l) {
            return contains(l.element(), test);
        } else if (t instanceof OptionType o) {
            return contains(o.type(), test);
        } else if (t instanceof ResultType r) {
            return (r.ok() != null && contains(r.ok(), test)) || (r.error() != null && contains(r.error(), test));
        } else if (t instanceof RecordType r) {
            for (RecordType.Field f : r.fields()) {
                if (contains(f.type(), test)) {
                    return true;
                }
            }
            return false;
        } else if (t instanceof TupleType tt) {
            for (ValueType e : tt.types()) {
                if (contains(e, test)) {
                    return true;
                }
            }
            return false;
        } else if (t instanceof VariantType v) {
            for (VariantType.Case c : v.cases()) {
                if (c.type() != null && contains(c.type(), test)) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }
}
