package dev.wasmlet.runtime.types;

import java.util.List;

/** A component function type: named parameters and zero or more results. */
public record FuncType(List<Param> params, List<ValueType> results) {
    /** A named parameter. */
    public record Param(String name, ValueType type) {
    }

    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
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
