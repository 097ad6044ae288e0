package dev.wasmlet.runtime.internal.binary;

/**
 * A component value type where one is used (a parameter, a field, a list element): either a
 * primitive type written inline, or an index into the type index space of the enclosing
 * component or type scope ({@code valtype} of Binary.md). Type constructors such as
 * {@code record} or {@code list} never appear inline; they are {@link DefType}s reached by index.
 */
public sealed interface ValType permits PrimValType, ValType.TypeIndex {

    /**
     * A reference to an entry of the type index space. Validation (the linker's) requires the
     * entry to be a defined value type; the parser has only checked that the index is in range.
     *
     * @param index the type index
     */
    record TypeIndex(int index) implements ValType {
        @Override
        public String toString() {
            return "(type " + index + ")";
        }
    }
}
