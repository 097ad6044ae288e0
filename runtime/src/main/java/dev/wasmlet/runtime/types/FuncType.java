package dev.wasmlet.runtime.types;

import java.util.List;

/**
 * A component function type: named parameters and zero or more results. A value type with a
 * hash computed once: function types key the caches of the canonical ABI and the host bindings.
 */
public final class FuncType {
    /** A named parameter. */
    public record Param(String name, ValueType type) {
    }

    private final List<Param> params;
    private final List<ValueType> results;
    private final int hash;

    public FuncType(List<Param> params, List<ValueType> results) {
        this.params = List.copyOf(params);
        this.results = List.copyOf(results);
        this.hash = 31 * this.params.hashCode() + this.results.hashCode();
    }

    public List<Param> params() {
        return params;
    }

    public List<ValueType> results() {
        return results;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FuncType f && f.hash == hash && f.params.equals(params)
                && f.results.equals(results);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    public List<ValueType> paramTypes() {
        return params.stream().map(Param::type).toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("func(");
        for (int i = 0; i < params.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(params.get(i).name()).append(": ").append(params.get(i).type());
        }
        s.append(')');
        if (!results.isEmpty()) {
            s.append(" -> ").append(results.size() == 1 ? results.get(0).toString() : results.toString());
        }
        return s.toString();
    }
}
