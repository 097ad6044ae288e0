package dev.wasmlet.runtime.types;

/** A value of a {@link VariantType}: the case index and its payload (null when the case has none). */
public record VariantValue(int caseIndex, Object payload) {
}
