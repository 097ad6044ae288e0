package dev.wasmlet.runtime.internal.binary;

/**
 * A reference to one entry of an index space: {@code sortidx} or {@code core:sortidx} of
 * Binary.md. The index is relative to the index space of the component (or type) in which the
 * reference occurs, and the parser has checked that it is in range at that point.
 *
 * @param sort the index space
 * @param index the index within it
 */
public record SortIdx(Sort sort, int index) {
    @Override
    public String toString() {
        return "(" + sort.specName() + " " + index + ")";
    }
}
