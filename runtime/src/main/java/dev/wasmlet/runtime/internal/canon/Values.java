package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters or the results of a function type, compiled: a codec per value, and the layout
 * of the values as a tuple, flat and in memory ({@code lift_values} / {@code lower_values}).
 */
final class Values {
    final ValueType[] types;
    final Codec[] codecs;
    final Records.Layout layout;
    final int count;
    final int flatCount;
    private final String[] labels;
    private final String what;

    /**
     * @param names the parameter names, or null for results
     */
    Values(List<ValueType> types, List<String> names) {
        this.count = types.size();
        this.types = types.toArray(new ValueType[0]);
        List<Codec> cs = new ArrayList<>(count);
        for (ValueType t : types) {
            cs.add(Codec.of(t));
        }
        this.codecs = cs.toArray(new Codec[0]);
        this.layout = new Records.Layout(cs);
        this.flatCount = layout.flat.length;
        this.labels = new String[count];
        for (int i = 0; i < count; i++) {
            labels[i] = names == null ? "result " + i + " (" + Codec.describe(this.types[i]) + ")"
                    : "argument " + i + " (" + names.get(i) + ": " + Codec.describe(this.types[i]) + ")";
        }
        this.what = names == null ? "result" : "parameter";
    }

    boolean usesMemory(int maxFlat) {
        return layout.usesMemory || flatCount > maxFlat;
    }

    boolean spills(int maxFlat) {
        return flatCount > maxFlat;
    }

    /** {@code lift_values}: from {@code src} flat, or from the tuple its first value points to. */
    Object[] lift(CallContext cx, long[] src, int maxFlat) {
        Object[] out = new Object[count];
        if (flatCount > maxFlat) {
            int ptr = (int) src[0];
            cx.checkRange(ptr, layout.align, layout.size, what + " tuple");
            for (int i = 0; i < count; i++) {
                out[i] = codecs[i].load(cx, ptr + layout.offsets[i]);
            }
        } else {
            for (int i = 0; i < count; i++) {
                out[i] = codecs[i].liftFlat(cx, src, layout.flatPos[i]);
            }
        }
        return out;
    }

    /**
     * {@code lower_values} with realloc for the tuple when the values do not fit {@code maxFlat}
     * (the parameters of {@code canon lift}).
     */
    long[] lowerAllocating(CallContext cx, Object[] vals, int maxFlat) {
        if (flatCount > maxFlat) {
            int ptr = cx.alloc(layout.align, layout.size, what + " tuple");
            storeAll(cx, vals, ptr);
            return new long[] {ptr};
        }
        long[] dst = new long[flatCount];
        lowerAll(cx, vals, dst);
        return dst;
    }

    /**
     * {@code lower_values} into the caller's buffer at {@code args[args.length - 1]} when the
     * values do not fit {@code maxFlat} (the results of {@code canon lower}).
     */
    long[] lowerIntoOutParam(CallContext cx, Object[] vals, int maxFlat, long[] args) {
        if (flatCount > maxFlat) {
            int ptr = (int) args[args.length - 1];
            cx.checkRange(ptr, layout.align, layout.size, "return");
            storeAll(cx, vals, ptr);
            return NONE;
        }
        long[] dst = new long[flatCount];
        lowerAll(cx, vals, dst);
        return dst;
    }

    private static final long[] NONE = new long[0];

    private void lowerAll(CallContext cx, Object[] vals, long[] dst) {
        for (int i = 0; i < count; i++) {
            try {
                codecs[i].lowerFlat(cx, vals[i], dst, layout.flatPos[i]);
            } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
                throw badValue(cx, i, e);
            }
        }
    }

    private void storeAll(CallContext cx, Object[] vals, int ptr) {
        for (int i = 0; i < count; i++) {
            try {
                codecs[i].store(cx, vals[i], ptr + layout.offsets[i]);
            } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
                throw badValue(cx, i, e);
            }
        }
    }

    private IllegalArgumentException badValue(CallContext cx, int i, RuntimeException e) {
        return new IllegalArgumentException(cx.name + ": " + labels[i] + " is not a valid value: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
}
