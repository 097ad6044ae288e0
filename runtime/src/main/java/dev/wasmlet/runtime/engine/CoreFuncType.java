package dev.wasmlet.runtime.engine;

import java.util.List;

/** A core function signature. */
public record CoreFuncType(List<CoreValType> params, List<CoreValType> results) {
    public CoreFuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    @Override
    public String toString() {
        return "(func (param " + params + ") (result " + results + "))";
    }
}
