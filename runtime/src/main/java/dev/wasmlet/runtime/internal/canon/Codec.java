package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.EnumType;
import dev.wasmlet.runtime.types.FlagsType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical ABI of one value type, compiled once: its alignment, element size and flat core
 * types, and the four conversions between Java values and core values or linear memory.
 *
 * <p>Core values travel in {@code long}s as the engine SPI carries them: an i32 sign-extended, an
 * f32 as its raw bits in the low 32 bits, an f64 as its raw bits. Readers of 32-bit values take
 * the low 32 bits only, which makes the coercions of a joined variant payload slot (i64 holding an
 * i32 or f32, i32 holding an f32) free on the lifting side.
 */
abstract class Codec {
    final ValueType type;
    final int align;
    final int size;
    final CoreValType[] flat;
    /** Contains a string or a list (needs a memory; and a realloc to be lowered). */
    final boolean usesMemory;
    /** Contains a borrow (needs per-call state). */
    final boolean hasBorrow;

    Codec(ValueType type, int align, int size, CoreValType[] flat, boolean usesMemory, boolean hasBorrow) {
        this.type = type;
        this.align = align;
        this.size = size;
        this.flat = flat;
        this.usesMemory = usesMemory;
        this.hasBorrow = hasBorrow;
    }

    /** {@code lift_flat}: reads {@code flat.length} core values of {@code src} from {@code pos}. */
    abstract Object liftFlat(CallContext cx, long[] src, int pos);

    /** {@code lower_flat}: writes {@code flat.length} core values into {@code dst} from {@code pos}. */
    abstract void lowerFlat(CallContext cx, Object v, long[] dst, int pos);

    /** {@code load}: {@code ptr} is aligned and {@code [ptr, ptr + size)} is in bounds. */
    abstract Object load(CallContext cx, int ptr);

    /** {@code store}: {@code ptr} is aligned and {@code [ptr, ptr + size)} is in bounds. */
    abstract void store(CallContext cx, Object v, int ptr);

    static final CoreValType[] I32 = {CoreValType.I32};
    static final CoreValType[] I64 = {CoreValType.I64};
    static final CoreValType[] I32_I32 = {CoreValType.I32, CoreValType.I32};

    static int alignTo(int offset, int align) {
        return (offset + align - 1) & -align;
    }

    /** The type's name for messages, cut short when a nested type spells out very long. */
    static String describe(ValueType t) {
        String s = t.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** Compiles the canonical ABI of {@code t}. */
    static Codec of(ValueType t) {
        if (t instanceof PrimitiveType p) {
            return Scalars.of(p);
        } else if (t instanceof ListType l) {
            return l.isBytes() ? new Lists.Bytes(l) : new Lists.Of(l, of(l.element()));
        } else if (t instanceof RecordType r) {
            List<Codec> fields = new ArrayList<>(r.fields().size());
            for (RecordType.Field f : r.fields()) {
                fields.add(of(f.type()));
            }
            return new Records.Record(r, fields);
        } else if (t instanceof TupleType tt) {
            List<Codec> fields = new ArrayList<>(tt.types().size());
            for (ValueType ft : tt.types()) {
                fields.add(of(ft));
            }
            return new Records.Record(tt, fields);
        } else if (t instanceof VariantType v) {
            List<Codec> cases = new ArrayList<>(v.cases().size());
            for (VariantType.Case c : v.cases()) {
                cases.add(c.type() == null ? null : of(c.type()));
            }
            return new Variants.General(v, cases);
        } else if (t instanceof EnumType e) {
            List<Codec> cases = new ArrayList<>(e.labels().size());
            for (int i = 0; i < e.labels().size(); i++) {
                cases.add(null);
            }
            return new Variants.Enum(e, cases);
        } else if (t instanceof OptionType o) {
            List<Codec> cases = new ArrayList<>(2);
            cases.add(null);
            cases.add(of(o.type()));
            return new Variants.Option(o, cases);
        } else if (t instanceof ResultType r) {
            List<Codec> cases = new ArrayList<>(2);
            cases.add(r.ok() == null ? null : of(r.ok()));
            cases.add(r.error() == null ? null : of(r.error()));
            return new Variants.Result(r, cases);
        } else if (t instanceof FlagsType f) {
            return new Flags(f);
        } else if (t instanceof OwnType o) {
            return new Resources.Own(o);
        } else if (t instanceof BorrowType b) {
            return new Resources.Borrow(b);
        }
        throw new IllegalArgumentException("unknown value type " + t);
    }
}
