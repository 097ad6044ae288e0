package dev.wasmlet.runtime.internal.canon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.EnumType;
import dev.wasmlet.runtime.types.FlagsType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResourceValue;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import dev.wasmlet.runtime.types.VariantValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AggregatesTest {
    private final Guest g = new Guest(StringEncoding.UTF8);
    private final CallContext cx = g.cx("f");

    private long[] lowerFlat(ValueType t, Object v) {
        Codec c = Codec.of(t);
        long[] out = new long[c.flat.length];
        c.lowerFlat(cx, v, out, 0);
        return out;
    }

    private Object liftFlat(ValueType t, long... core) {
        return Codec.of(t).liftFlat(cx, core, 0);
    }

    private int store(ValueType t, Object v) {
        Codec c = Codec.of(t);
        int ptr = g.alloc(c.align, c.size);
        c.store(cx, v, ptr);
        return ptr;
    }

    private Object load(ValueType t, int ptr) {
        return Codec.of(t).load(cx, ptr);
    }

    private void roundTrips(Guest guest, ValueType t, Object v) {
        CallContext c = guest.cx("f");
        Codec codec = Codec.of(t);
        long[] flat = new long[codec.flat.length];
        codec.lowerFlat(c, v, flat, 0);
        assertEquals(Normal.of(v), Normal.of(codec.liftFlat(c, flat, 0)), t + " flat");
        int ptr = guest.alloc(codec.align, codec.size);
        codec.store(c, v, ptr);
        assertEquals(Normal.of(v), Normal.of(codec.load(c, ptr)), t + " in memory");
    }

    private static RecordType record(ValueType... types) {
        List<RecordType.Field> fs = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            fs.add(new RecordType.Field("f" + i, types[i]));
        }
        return new RecordType(fs);
    }

    @Test
    void emptyAndByteLists() {
        ListType bytes = new ListType(PrimitiveType.U8);
        roundTrips(g, bytes, new byte[0]);
        roundTrips(g, bytes, new byte[] {0, -1, 127, -128});
        roundTrips(g, new ListType(PrimitiveType.S8), new byte[] {1, -2});
        roundTrips(g, new ListType(PrimitiveType.U32), List.of());
        roundTrips(g, new ListType(PrimitiveType.STRING), List.of("", "a", StringsTest.TEXT));
        roundTrips(g, new ListType(new ListType(PrimitiveType.U8)), List.of(new byte[] {1}, new byte[0]));
        long[] flat = lowerFlat(bytes, new byte[] {9, 8, 7});
        assertEquals(3, flat[1]);
        assertArrayEquals(new byte[] {9, 8, 7}, g.memory.read((int) flat[0], 3));
        assertArrayEquals(new long[] {0, 0, 1, 3}, g.realloc.calls.get(g.realloc.calls.size() - 1));
    }

    @Test
    void listElementsAreLaidOutAtTheElementSize() {
        ListType t = new ListType(new TupleType(List.of(PrimitiveType.U8, PrimitiveType.U32)));
        long[] flat = lowerFlat(t, List.of(List.of((byte) 1, 2), List.of((byte) 3, 4)));
        int p = (int) flat[0];
        assertEquals(0, p % 4);
        assertEquals(1, g.memory.readByte(p));
        assertEquals(2, g.memory.readInt(p + 4));
        assertEquals(3, g.memory.readByte(p + 8));
        assertEquals(4, g.memory.readInt(p + 12));
    }

    @Test
    void listPointerChecks() {
        ListType t = new ListType(PrimitiveType.U32);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> liftFlat(t, 0x1002, 1));
        assertEquals("f: list pointer 0x1002 not aligned to 4", e.getMessage());
        e = assertThrows(GuestTrapException.class, () -> liftFlat(t, 0xFFF0, 5));
        assertEquals("f: list of 20 bytes at 0xfff0 out of bounds of memory (65536 bytes)", e.getMessage());
        e = assertThrows(GuestTrapException.class, () -> liftFlat(t, 0, 0xFFFFFFFFL));
        assertEquals("f: list of 17179869180 bytes at 0x0 out of bounds of memory (65536 bytes)", e.getMessage());
        assertThrows(GuestTrapException.class, () -> liftFlat(new ListType(PrimitiveType.U8), 0xFFFF, 2));
    }

    @Test
    void recordsOfEveryType() {
        RecordType everything = record(PrimitiveType.BOOL, PrimitiveType.U8, PrimitiveType.S8, PrimitiveType.U16,
                PrimitiveType.S16, PrimitiveType.U32, PrimitiveType.S32, PrimitiveType.U64, PrimitiveType.S64,
                PrimitiveType.F32, PrimitiveType.F64, PrimitiveType.CHAR, PrimitiveType.STRING,
                new ListType(PrimitiveType.U8), new ListType(PrimitiveType.STRING),
                record(PrimitiveType.U8, PrimitiveType.U64), new TupleType(List.of(PrimitiveType.CHAR)),
                new VariantType(List.of(new VariantType.Case("a", null), new VariantType.Case("b", PrimitiveType.F64))),
                new EnumType(List.of("x", "y", "z")), new FlagsType(Gen.labels("f", 33)),
                new OptionType(PrimitiveType.STRING), new ResultType(PrimitiveType.U32, null),
                new OwnType(Gen.R1));
        BitSet flags = new BitSet();
        flags.set(0);
        flags.set(32);
        List<Object> v = List.of(true, (byte) -1, Byte.MIN_VALUE, (short) -1, Short.MIN_VALUE, -1, Integer.MIN_VALUE,
                -1L, Long.MIN_VALUE, Float.MAX_VALUE, Double.MIN_VALUE, 0x10FFFF, StringsTest.TEXT,
                new byte[] {1, 2}, List.of("x", ""), List.of((byte) 7, 1L << 40), List.of(0x1F600),
                new VariantValue(1, 2.5), 2, flags, Optional.of("s"), ResultValue.ok(5),
                new ResourceValue(Gen.R1, 77));
        for (StringEncoding e : StringEncoding.values()) {
            roundTrips(new Guest(e), everything, v);
        }
        assertThrows(IllegalArgumentException.class, () -> lowerFlat(record(PrimitiveType.U8), List.of()));
    }

    @Test
    void variantPayloadsOfDifferingAlignment() {
        VariantType t = new VariantType(List.of(new VariantType.Case("a", PrimitiveType.U8),
                new VariantType.Case("b", PrimitiveType.U64), new VariantType.Case("c", PrimitiveType.F32),
                new VariantType.Case("d", PrimitiveType.STRING), new VariantType.Case("e", null)));
        // flat: [i32 disc, i64 (u8|u64|f32|string.ptr), i32 (string.len)]
        assertArrayEquals(new long[] {0, 255, 0}, lowerFlat(t, new VariantValue(0, (byte) -1)));
        assertArrayEquals(new long[] {1, -1, 0}, lowerFlat(t, new VariantValue(1, -1L)));
        long[] f = lowerFlat(t, new VariantValue(2, -1.5f));
        assertEquals(Float.floatToIntBits(-1.5f) & 0xFFFFFFFFL, f[1], "an f32 in an i64 slot is zero-extended");
        assertArrayEquals(new long[] {4, 0, 0}, lowerFlat(t, new VariantValue(4, null)));
        assertEquals(new VariantValue(2, -1.5f), liftFlat(t, f));
        assertEquals(new VariantValue(0, (byte) -1), liftFlat(t, 0, 0xFFFFFF_FFFF_FFFFL, 0));
        // memory: discriminant at 0, payload at 8, size 16
        int p = store(t, new VariantValue(1, 0x0102030405060708L));
        assertEquals(1, g.memory.readByte(p));
        assertEquals(0x0102030405060708L, g.memory.readLong(p + 8));
        p = store(t, new VariantValue(3, "hi"));
        assertEquals(2, g.memory.readInt(p + 12));
        assertEquals(new VariantValue(3, "hi"), load(t, p));
        for (int c = 0; c < 5; c++) {
            roundTrips(g, t, new VariantValue(c, new Object[] {(byte) 3, 4L, 5f, "six", null}[c]));
        }
    }

    @Test
    void badDiscriminantsTrap() {
        OptionType o = new OptionType(PrimitiveType.U32);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> liftFlat(o, 2, 0));
        assertEquals("f: variant discriminant 2 out of range for option<u32> (2 cases)", e.getMessage());
        e = assertThrows(GuestTrapException.class, () -> liftFlat(o, -1, 0));
        assertEquals("f: variant discriminant 4294967295 out of range for option<u32> (2 cases)", e.getMessage());
        EnumType en = new EnumType(List.of("a", "b", "c"));
        int p = g.alloc(1, 1);
        g.memory.writeByte(p, (byte) 3);
        e = assertThrows(GuestTrapException.class, () -> load(en, p));
        assertEquals("f: variant discriminant 3 out of range for enum { a, b, c } (3 cases)", e.getMessage());
        assertThrows(GuestTrapException.class, () -> liftFlat(new ResultType(null, null), 2));
        assertThrows(IllegalArgumentException.class, () -> lowerFlat(en, 3));
    }

    @Test
    void specialisedVariantsUseTheirJavaValues() {
        roundTrips(g, new OptionType(PrimitiveType.STRING), Optional.empty());
        roundTrips(g, new OptionType(new OptionType(PrimitiveType.U8)), Optional.of(Optional.empty()));
        roundTrips(g, new ResultType(null, PrimitiveType.STRING), ResultValue.error("bad"));
        roundTrips(g, new ResultType(null, null), ResultValue.ok(null));
        roundTrips(g, new EnumType(Gen.labels("e", 300)), 299);
        assertArrayEquals(new long[] {1, 42}, lowerFlat(new OptionType(PrimitiveType.U32), Optional.of(42)));
        assertArrayEquals(new long[] {1, 0}, lowerFlat(new ResultType(PrimitiveType.U32, null), ResultValue.error(null)));
    }

    @Test
    void thirtyThreeFlags() {
        FlagsType t = new FlagsType(Gen.labels("f", 33));
        BitSet v = new BitSet();
        v.set(0);
        v.set(31);
        v.set(32);
        assertArrayEquals(new long[] {0x80000001, 1}, lowerFlat(t, v));
        assertEquals(v, liftFlat(t, 0x80000001, 1));
        assertEquals(v, liftFlat(t, 0x80000001, 0xFFFFFFFFL), "bits beyond the 33 labels are ignored");
        int p = store(t, v);
        assertEquals(0x80000001, g.memory.readInt(p));
        assertEquals(1, g.memory.readInt(p + 4));
        assertEquals(v, load(t, p));
        roundTrips(g, t, new BitSet());
        BitSet all = new BitSet();
        all.set(0, 33);
        roundTrips(g, t, all);
        BitSet tooMany = new BitSet();
        tooMany.set(33);
        assertThrows(IllegalArgumentException.class, () -> lowerFlat(t, tooMany));
        FlagsType small = new FlagsType(Gen.labels("f", 9));
        BitSet nine = new BitSet();
        nine.set(8);
        int q = store(small, nine);
        assertEquals(0x100, g.memory.readShort(q));
        assertEquals(nine, liftFlat(small, 0xFFFFFE00 | 0x100));
    }

    /** list<list<option<result<...>>>>, ten levels deep, flat, in memory and through a call. */
    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void deepNesting(StringEncoding e) {
        ValueType t = PrimitiveType.STRING;
        Object v = "leaf 😀";
        for (int level = 0; level < 10; level++) {
            switch (level % 4) {
                case 0 -> {
                    t = new ListType(t);
                    v = List.of(v, v);
                }
                case 1 -> {
                    t = new OptionType(t);
                    v = Optional.of(v);
                }
                case 2 -> {
                    t = new ResultType(t, PrimitiveType.U8);
                    v = ResultValue.ok(v);
                }
                default -> {
                    t = record(PrimitiveType.U8, t, PrimitiveType.F64);
                    v = List.of((byte) level, v, 0.5);
                }
            }
        }
        Guest guest = new Guest(e);
        roundTrips(guest, t, v);
        Object[] seen = new Object[1];
        ValueType type = t;
        Object value = v;
        ComponentFunction inner = Guest.host(Guest.func(List.of(type), List.of(type)), args -> {
            seen[0] = args[0];
            return new Object[] {value};
        });
        Object[] out = guest.reexport("deep", inner).call(value);
        assertEquals(Normal.of(value), Normal.of(seen[0]));
        assertEquals(Normal.of(value), Normal.of(out[0]));
    }
}
