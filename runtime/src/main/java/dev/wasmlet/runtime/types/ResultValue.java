package dev.wasmlet.runtime.types;

/** A value of a {@link ResultType}: ok or error, and the payload (null when that side has none). */
public record ResultValue(boolean isOk, Object payload) {
    public static ResultValue ok(Object payload) {
        return new ResultValue(true, payload);
    }

    public static ResultValue error(Object payload) {
        return new ResultValue(false, payload);
    }
}
