package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;

/** The cases of the WIT variant {@code wasi:http/types.header-error}, in WIT order. */
public enum HeaderError {
    /** A field name or value is not valid HTTP. */
    INVALID_SYNTAX,
    /** The field name is forbidden to guests ({@link Fields#FORBIDDEN}). */
    FORBIDDEN,
    /** The fields are immutable: incoming, or a child of a request or response. */
    IMMUTABLE;

    /** The variant value of this case. */
    public VariantValue value() {
        return new VariantValue(ordinal(), null);
    }

    /** {@code err(this)} of a {@code result<_, header-error>}. */
    public ResultValue error() {
        return ResultValue.error(value());
    }

    /** The case of {@code value}. */
    public static HeaderError of(VariantValue value) {
        return values()[value.caseIndex()];
    }
}
