package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function type compiled for the canonical ABI: the codecs and layouts of its parameters and
 * results and its two flat core types. Immutable and stateless, so shared between instances and
 * threads: signatures of types without resources are cached (their number is bounded by the
 * types of the loaded components); types naming resources are compiled afresh, since resource
 * types are generative and may be created per instance.
 */
final class Signature {
    private static final int CACHE_LIMIT = 8192;
    private static final ConcurrentHashMap<FuncType, Signature> CACHE = new ConcurrentHashMap<>();

    final FuncType type;
    final Values params;
    final Values results;
    final CoreFuncType lifted;
    final CoreFuncType lowered;

    private Signature(FuncType type) {
        this.type = type;
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
        if (!namesResources(type)) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.putIfAbsent(type, s);
        }
        return s;
    }

    private static boolean namesResources(FuncType t) {
        for (FuncType.Param p : t.params()) {
            if (namesResources(p.type())) {
                return true;
            }
        }
        for (ValueType r : t.results()) {
            if (namesResources(r)) {
                return true;
            }
        }
        return false;
    }

    static boolean namesResources(ValueType t) {
        return contains(t, true);
    }

    static boolean containsBorrow(ValueType t) {
        return contains(t, false);
    }

    /** Whether {@code t} contains an own or a borrow ({@code ownToo}), or a borrow. */
    private static boolean contains(ValueType t, boolean ownToo) {
        if (t instanceof BorrowType) {
            return true;
        } else if (t instanceof OwnType) {
            return ownToo;
        } else if (t instanceof ListType l) {
            return contains(l.element(), ownToo);
        } else if (t instanceof OptionType o) {
            return contains(o.type(), ownToo);
        } else if (t instanceof ResultType r) {
            return (r.ok() != null && contains(r.ok(), ownToo)) || (r.error() != null && contains(r.error(), ownToo));
        } else if (t instanceof RecordType r) {
            for (RecordType.Field f : r.fields()) {
                if (contains(f.type(), ownToo)) {
                    return true;
                }
            }
            return false;
        } else if (t instanceof TupleType tt) {
            for (ValueType e : tt.types()) {
                if (contains(e, ownToo)) {
                    return true;
                }
            }
            return false;
        } else if (t instanceof VariantType v) {
            for (VariantType.Case c : v.cases()) {
                if (c.type() != null && contains(c.type(), ownToo)) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }
}
