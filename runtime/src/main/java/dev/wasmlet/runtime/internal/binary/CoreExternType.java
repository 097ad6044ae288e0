package dev.wasmlet.runtime.internal.binary;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** The type of a core import or export inside a core module type ({@code core:externtype}). */
public sealed interface CoreExternType
        permits CoreExternType.Func, CoreExternType.Table, CoreExternType.Memory, CoreExternType.Global,
                CoreExternType.Tag {

    /** The core sort an entity of this type belongs to. */
    Sort sort();

    /** A function, 0x00, of the core function type at {@code typeIndex}. */
    record Func(int typeIndex) implements CoreExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_FUNC;
        }
    }

    /** A table, 0x01. {@code is64} is the table64 flag (memory64 proposal). */
    record Table(CoreValueType.Ref element, long min, OptionalLong max, boolean is64) implements CoreExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_TABLE;
        }
    }

    /**
     * A memory, 0x02, with limits in pages.
     *
     * @param pageSizeLog2 the custom page size (custom-page-sizes proposal), if given
     */
    record Memory(long min, OptionalLong max, boolean shared, boolean is64, OptionalInt pageSizeLog2)
            implements CoreExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_MEMORY;
        }
    }

    /** A global, 0x03. */
    record Global(CoreValueType type, boolean mutable) implements CoreExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_GLOBAL;
        }
    }

    /** A tag, 0x04 (exception handling), of the core function type at {@code typeIndex}. */
    record Tag(int typeIndex) implements CoreExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_TAG;
        }
    }
}
