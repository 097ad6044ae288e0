package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Values made comparable with {@code equals}: byte arrays become lists, recursively. */
final class Normal {
    private Normal() {
    }

    static Object of(Object v) {
        if (v instanceof byte[] b) {
            List<Byte> l = new ArrayList<>(b.length);
            for (byte x : b) {
                l.add(x);
            }
            return List.of("bytes", l);
        } else if (v instanceof Object[] a) {
            return of(java.util.Arrays.asList(a));
        } else if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) {
                out.add(of(e));
            }
            return out;
        } else if (v instanceof Optional<?> o) {
            return o.map(Normal::of);
        } else if (v instanceof VariantValue vv) {
            return new VariantValue(vv.caseIndex(), of(vv.payload()));
        } else if (v instanceof ResultValue r) {
            return new ResultValue(r.isOk(), of(r.payload()));
        }
        return v;
    }
}
