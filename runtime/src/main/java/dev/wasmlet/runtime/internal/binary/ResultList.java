package dev.wasmlet.runtime.internal.binary;

import java.util.List;

/**
 * The results of a function type or of {@code task.return} ({@code resultlist} of Binary.md).
 * The current encoding is {@code 0x00 t} ({@link Single}) or {@code 0x01 0x00} ({@link None}).
 * The older encoding {@code 0x01 vec(labelvaltype)} with a non-empty vector of named results is
 * still read, as {@link Named}; the linker may reject it.
 */
public sealed interface ResultList permits ResultList.Single, ResultList.None, ResultList.Named {

    /** The result types in order, without their names: zero, one or (legacy) more. */
    List<ValType> types();

    /** One unnamed result. */
    record Single(ValType type) implements ResultList {
        @Override
        public List<ValType> types() {
            return List.of(type);
        }
    }

    /** No result. */
    record None() implements ResultList {
        @Override
        public List<ValType> types() {
            return List.of();
        }
    }

    /** Named results (the legacy encoding); never empty. */
    record Named(List<DefType.LabeledType> results) implements ResultList {
        @Override
        public List<ValType> types() {
            return results.stream().map(DefType.LabeledType::type).toList();
        }
    }
}
