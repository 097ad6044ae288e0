package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.types.ResultValue;

/** {@code wasi:filesystem/types.error-code}, in WIT order: a result carries {@link #ordinal()}. */
public enum FilesystemErrorCode {
    ACCESS,
    WOULD_BLOCK,
    ALREADY,
    BAD_DESCRIPTOR,
    BUSY,
    DEADLOCK,
    QUOTA,
    EXIST,
    FILE_TOO_LARGE,
    ILLEGAL_BYTE_SEQUENCE,
    IN_PROGRESS,
    INTERRUPTED,
    INVALID,
    IO,
    IS_DIRECTORY,
    LOOP,
    TOO_MANY_LINKS,
    MESSAGE_SIZE,
    NAME_TOO_LONG,
    NO_DEVICE,
    NO_ENTRY,
    NO_LOCK,
    INSUFFICIENT_MEMORY,
    INSUFFICIENT_SPACE,
    NOT_DIRECTORY,
    NOT_EMPTY,
    NOT_RECOVERABLE,
    UNSUPPORTED,
    NO_TTY,
    NO_SUCH_DEVICE,
    OVERFLOW,
    NOT_PERMITTED,
    PIPE,
    READ_ONLY,
    INVALID_SEEK,
    TEXT_FILE_BUSY,
    CROSS_DEVICE;

    private final ResultValue error = ResultValue.error(ordinal());

    /** {@code err(this)} of a {@code result<_, error-code>}. */
    public ResultValue asError() {
        return error;
    }
}
