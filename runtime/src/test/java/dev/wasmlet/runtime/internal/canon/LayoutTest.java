package dev.wasmlet.runtime.internal.canon;

import static dev.wasmlet.runtime.engine.CoreValType.F32;
import static dev.wasmlet.runtime.engine.CoreValType.F64;
import static dev.wasmlet.runtime.engine.CoreValType.I32;
import static dev.wasmlet.runtime.engine.CoreValType.I64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.EnumType;
import dev.wasmlet.runtime.types.FlagsType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.ListType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.OwnType;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.RecordType;
import dev.wasmlet.runtime.types.ResultType;
import dev.wasmlet.runtime.types.TupleType;
import dev.wasmlet.runtime.types.ValueType;
import dev.wasmlet.runtime.types.VariantType;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutTest {
    private static void layout(ValueType t, int align, int size, CoreValType... flat) {
        assertEquals(align, CanonicalAbi.alignment(t), "alignment of " + t);
        assertEquals(size, CanonicalAbi.elemSize(t), "size of " + t);
        assertEquals(List.of(flat), CanonicalAbi.flatten(t), "flat types of " + t);
    }

    private static RecordType record(ValueType... types) {
        RecordType.Field[] fs = new RecordType.Field[types.length];
        for (int i = 0; i < types.length; i++) {
            fs[i] = new RecordType.Field("f" + i, types[i]);
        }
        return new RecordType(List.of(fs));
    }

    private static VariantType variant(ValueType... payloads) {
        VariantType.Case[] cs = new VariantType.Case[payloads.length];
        for (int i = 0; i < payloads.length; i++) {
            cs[i] = new VariantType.Case("c" + i, payloads[i]);
        }
        return new VariantType(List.of(cs));
    }

    @Test
    void primitives() {
        layout(PrimitiveType.BOOL, 1, 1, I32);
        layout(PrimitiveType.U8, 1, 1, I32);
        layout(PrimitiveType.S16, 2, 2, I32);
        layout(PrimitiveType.U32, 4, 4, I32);
        layout(PrimitiveType.S64, 8, 8, I64);
        layout(PrimitiveType.F32, 4, 4, F32);
        layout(PrimitiveType.F64, 8, 8, F64);
        layout(PrimitiveType.CHAR, 4, 4, I32);
        layout(PrimitiveType.STRING, 4, 8, I32, I32);
        layout(new ListType(PrimitiveType.U64), 4, 8, I32, I32);
        layout(new OwnType(Gen.R1), 4, 4, I32);
        layout(new BorrowType(Gen.R1), 4, 4, I32);
    }

    @Test
    void recordsPadFieldsAndTheEnd() {
        layout(record(PrimitiveType.U8, PrimitiveType.U32, PrimitiveType.U16), 4, 12, I32, I32, I32);
        layout(record(PrimitiveType.U8, PrimitiveType.U64), 8, 16, I32, I64);
        layout(new TupleType(List.of(PrimitiveType.STRING, PrimitiveType.U8)), 4, 12, I32, I32, I32);
        layout(record(PrimitiveType.U16, PrimitiveType.U8), 2, 4, I32, I32);
    }

    @Test
    void variantsJoinPayloadsAndAlignThePayload() {
        layout(new OptionType(PrimitiveType.F32), 4, 8, I32, F32);
        layout(new OptionType(PrimitiveType.U8), 1, 2, I32, I32);
        layout(new ResultType(PrimitiveType.U32, PrimitiveType.F32), 4, 8, I32, I32);
        layout(new ResultType(null, null), 1, 1, I32);
        layout(variant(PrimitiveType.F64, PrimitiveType.U32), 8, 16, I32, I64);
        layout(variant(PrimitiveType.U8, PrimitiveType.U64, PrimitiveType.F32, PrimitiveType.STRING, null),
                8, 16, I32, I64, I32);
        layout(variant(PrimitiveType.F32, PrimitiveType.F64), 8, 16, I32, I64);
        layout(new OptionType(PrimitiveType.STRING), 4, 12, I32, I32, I32);
        layout(new EnumType(Gen.labels("e", 3)), 1, 1, I32);
        layout(new EnumType(Gen.labels("e", 256)), 1, 1, I32);
        layout(new EnumType(Gen.labels("e", 257)), 2, 2, I32);
        layout(new VariantType(Collections.nCopies(300, new VariantType.Case("x", PrimitiveType.U8))), 2, 4, I32, I32);
    }

    @Test
    void flagsTakeBytesWordsThenOneI32Per32Labels() {
        layout(new FlagsType(Gen.labels("f", 1)), 1, 1, I32);
        layout(new FlagsType(Gen.labels("f", 8)), 1, 1, I32);
        layout(new FlagsType(Gen.labels("f", 9)), 2, 2, I32);
        layout(new FlagsType(Gen.labels("f", 16)), 2, 2, I32);
        layout(new FlagsType(Gen.labels("f", 17)), 4, 4, I32);
        layout(new FlagsType(Gen.labels("f", 32)), 4, 4, I32);
        layout(new FlagsType(Gen.labels("f", 33)), 4, 8, I32, I32);
        layout(new FlagsType(Gen.labels("f", 65)), 4, 12, I32, I32, I32);
    }

    @Test
    void flatFunctionTypes() {
        FuncType small = Guest.func(List.of(PrimitiveType.STRING, PrimitiveType.U64), List.of(PrimitiveType.F32));
        assertEquals(new CoreFuncType(List.of(I32, I32, I64), List.of(F32)), CanonicalAbi.flattenLifted(small));
        assertEquals(new CoreFuncType(List.of(I32, I32, I64), List.of(F32)), CanonicalAbi.flattenLowered(small));

        FuncType many = Guest.func(Collections.nCopies(17, PrimitiveType.U32),
                List.of(PrimitiveType.STRING));
        assertEquals(new CoreFuncType(List.of(I32), List.of(I32)), CanonicalAbi.flattenLifted(many));
        assertEquals(new CoreFuncType(List.of(I32, I32), List.of()), CanonicalAbi.flattenLowered(many));

        FuncType sixteen = Guest.func(Collections.nCopies(8, PrimitiveType.STRING), List.of());
        assertEquals(16, CanonicalAbi.flattenLifted(sixteen).params().size());
        assertEquals(List.of(), CanonicalAbi.flattenLifted(sixteen).results());
    }

    @Test
    void signaturesOfResourceFreeTypesAreShared() {
        FuncType plain = Guest.func(List.of(PrimitiveType.STRING), List.of(new ListType(PrimitiveType.U8)));
        org.junit.jupiter.api.Assertions.assertSame(Signature.of(plain), Signature.of(
                Guest.func(List.of(PrimitiveType.STRING), List.of(new ListType(PrimitiveType.U8)))));
        FuncType withResource = Guest.func(List.of(new OptionType(new BorrowType(Gen.R1))), List.of());
        org.junit.jupiter.api.Assertions.assertNotSame(Signature.of(withResource), Signature.of(withResource));
        assertEquals(CanonicalAbi.flattenLifted(withResource), CanonicalAbi.flattenLifted(withResource));
    }
}
