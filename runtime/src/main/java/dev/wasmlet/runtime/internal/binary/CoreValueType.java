package dev.wasmlet.runtime.internal.binary;

/**
 * A core WebAssembly value type as it appears in core function types, globals, resource
 * representations and {@code context.get/set}: a number or vector type, or a reference type.
 */
public sealed interface CoreValueType permits CoreValueType.Num, CoreValueType.Ref {

    /** {@code funcref}, that is {@code (ref null func)}. */
    Ref FUNCREF = new Ref(true, HeapType.Abstract.FUNC);
    /** {@code externref}, that is {@code (ref null extern)}. */
    Ref EXTERNREF = new Ref(true, HeapType.Abstract.EXTERN);

    /** The number types and {@code v128}. */
    enum Num implements CoreValueType {
        /** {@code i32}, code 0x7f. */
        I32,
        /** {@code i64}, code 0x7e. */
        I64,
        /** {@code f32}, code 0x7d. */
        F32,
        /** {@code f64}, code 0x7c. */
        F64,
        /** {@code v128}, code 0x7b (SIMD). */
        V128
    }

    /**
     * A reference type {@code (ref null? ht)}; the shorthands {@code funcref} (0x70) and
     * {@code externref} (0x6f) and the other abstract shorthands read as nullable references.
     */
    record Ref(boolean nullable, HeapType heap) implements CoreValueType {
    }

    /** The heap type of a reference: abstract, or a concrete core type index. */
    sealed interface HeapType permits HeapType.Abstract, HeapType.Concrete {

        /** The abstract heap types of core WebAssembly 3.0. */
        enum Abstract implements HeapType {
            /** {@code func}, 0x70. */
            FUNC,
            /** {@code extern}, 0x6f. */
            EXTERN,
            /** {@code any}, 0x6e. */
            ANY,
            /** {@code eq}, 0x6d. */
            EQ,
            /** {@code i31}, 0x6c. */
            I31,
            /** {@code struct}, 0x6b. */
            STRUCT,
            /** {@code array}, 0x6a. */
            ARRAY,
            /** {@code exn}, 0x69. */
            EXN,
            /** {@code none}, 0x71. */
            NONE,
            /** {@code noextern}, 0x72. */
            NOEXTERN,
            /** {@code nofunc}, 0x73. */
            NOFUNC,
            /** {@code noexn}, 0x74. */
            NOEXN
        }

        /** A concrete heap type: an index into the core type index space of the scope. */
        record Concrete(int typeIndex) implements HeapType {
        }
    }
}
