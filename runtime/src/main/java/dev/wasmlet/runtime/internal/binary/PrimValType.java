package dev.wasmlet.runtime.internal.binary;

/** The primitive value types ({@code primvaltype} of Binary.md), with their binary codes. */
public enum PrimValType implements ValType {
    /** {@code bool}, code 0x7f. */
    BOOL(0x7f, "bool"),
    /** {@code s8}, code 0x7e. */
    S8(0x7e, "s8"),
    /** {@code u8}, code 0x7d. */
    U8(0x7d, "u8"),
    /** {@code s16}, code 0x7c. */
    S16(0x7c, "s16"),
    /** {@code u16}, code 0x7b. */
    U16(0x7b, "u16"),
    /** {@code s32}, code 0x7a. */
    S32(0x7a, "s32"),
    /** {@code u32}, code 0x79. */
    U32(0x79, "u32"),
    /** {@code s64}, code 0x78. */
    S64(0x78, "s64"),
    /** {@code u64}, code 0x77. */
    U64(0x77, "u64"),
    /** {@code f32} (formerly float32), code 0x76. */
    F32(0x76, "f32"),
    /** {@code f64} (formerly float64), code 0x75. */
    F64(0x75, "f64"),
    /** {@code char}, code 0x74. */
    CHAR(0x74, "char"),
    /** {@code string}, code 0x73. */
    STRING(0x73, "string"),
    /** {@code error-context} (📝, async), code 0x64. */
    ERROR_CONTEXT(0x64, "error-context");

    private static final PrimValType[] BY_CODE = new PrimValType[128];

    static {
        for (PrimValType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String specName;

    PrimValType(int code, String specName) {
        this.code = code;
        this.specName = specName;
    }

    /** The binary code of this type. */
    public int code() {
        return code;
    }

    /** The WIT spelling, e.g. {@code u32} or {@code error-context}. */
    public String specName() {
        return specName;
    }

    /** The primitive type with binary code {@code code}, or null if there is none. */
    static PrimValType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    @Override
    public String toString() {
        return specName;
    }
}
