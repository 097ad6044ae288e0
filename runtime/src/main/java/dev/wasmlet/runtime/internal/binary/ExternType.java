package dev.wasmlet.runtime.internal.binary;

/**
 * The declared type of an import or export ({@code externtype}, formerly {@code externdesc}, of
 * Binary.md). Each variant names the sort it describes ({@link #sort()}); an import appends one
 * entry to that sort's index space. Type indices are relative to the scope of the import or
 * export and were checked to be in range there.
 */
public sealed interface ExternType
        permits ExternType.CoreModule, ExternType.Func, ExternType.Value, ExternType.Type,
                ExternType.Component, ExternType.Instance {

    /** The index space an entity of this type belongs to. */
    Sort sort();

    /** {@code 0x00 0x11}: a core module of the core module type at core type index {@code coreType}. */
    record CoreModule(int coreType) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_MODULE;
        }
    }

    /** {@code 0x01}: a function of the function type at type index {@code type}. */
    record Func(int type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.FUNC;
        }
    }

    /** {@code 0x02}: a value (🪙). */
    record Value(ValueBound bound) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.VALUE;
        }
    }

    /** {@code 0x03}: a type, with its bound ({@code eq} an existing type, or a fresh resource). */
    record Type(TypeBound bound) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    /** {@code 0x04}: a component of the component type at type index {@code type}. */
    record Component(int type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.COMPONENT;
        }
    }

    /** {@code 0x05}: an instance of the instance type at type index {@code type}. */
    record Instance(int type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.INSTANCE;
        }
    }

    /** The bound of a type import or export ({@code typebound}). */
    sealed interface TypeBound permits TypeBound.Eq, TypeBound.SubResource {

        /** {@code (eq i)}, 0x00: the same type as type index {@code type}. */
        record Eq(int type) implements TypeBound {
        }

        /** {@code (sub resource)}, 0x01: a fresh abstract resource type, unequal to every other. */
        record SubResource() implements TypeBound {
        }
    }

    /** The bound of a value import or export ({@code valuebound}, 🪙). */
    sealed interface ValueBound permits ValueBound.Eq, ValueBound.Of {

        /** {@code (eq i)}, 0x00: the same value as value index {@code value}. */
        record Eq(int value) implements ValueBound {
        }

        /** 0x01: a value of type {@code type}. */
        record Of(ValType type) implements ValueBound {
        }
    }
}
