package dev.wasmlet.runtime.engine;

import java.util.List;

/** A core function signature. */
public record CoreFuncType(List<CoreValType> params, List<CoreValType> results) {
    public CoreFuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** Compared for every function import of every instance: without the iterators of {@code List.equals}. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof CoreFuncType t && same(params, t.params) && same(results, t.results);
    }

    @Override
    public int hashCode() {
        return 31 * params.hashCode() + results.hashCode();
    }

    private static boolean same(List<CoreValType> a, List<CoreValType> b) {
        int n = a.size();
        if (n != b.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "(func (param " + params + ") (result " + results + "))";
    }
}
