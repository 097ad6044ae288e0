package dev.wasmlet.runtime.internal.binary;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A component type definition ({@code deftype} of Binary.md): what a {@code type} definition
 * (section 7) or a {@code type} declarator inside a component or instance type appends to the
 * type index space. Value types ({@link DefValType}) are the ones a {@link ValType.TypeIndex}
 * may name; function, component, instance and resource types are the others.
 *
 * <p>Every index inside is relative to the scope where the type is defined, and was checked to
 * be in range there: type indices to the type space, {@link ResourceType#destructor()} to the core
 * function space. Component and instance types open a scope of their own whose index spaces start
 * empty (see {@link Decl}).
 */
public sealed interface DefType
        permits DefType.DefValType, DefType.FuncType, DefType.ComponentType, DefType.InstanceType,
                DefType.ResourceType {

    /** A defined value type ({@code defvaltype}): what a value of an interface type can be. */
    sealed interface DefValType extends DefType
            permits PrimitiveType, RecordType, VariantType, ListType, FixedListType, TupleType, FlagsType,
                    EnumType, OptionType, ResultType, OwnType, BorrowType, StreamType, FutureType, MapType {
    }

    /** A name with a value type: a record field, or a function parameter or (legacy) named result. */
    record LabeledType(String label, ValType type) {
    }

    /** A variant case: a label and an optional payload type. */
    record Case(String label, Optional<ValType> type) {
    }

    /** A primitive type given a type index of its own, e.g. {@code (type $s string)}. */
    record PrimitiveType(PrimValType type) implements DefValType {
    }

    /** {@code record}, code 0x72: at least one field. */
    record RecordType(List<LabeledType> fields) implements DefValType {
    }

    /** {@code variant}, code 0x71: at least one case. */
    record VariantType(List<Case> cases) implements DefValType {
    }

    /** {@code list}, code 0x70. */
    record ListType(ValType element) implements DefValType {
    }

    /** {@code list} with a fixed length (🔧), code 0x67; the length is above 0. */
    record FixedListType(ValType element, int length) implements DefValType {
    }

    /** {@code tuple}, code 0x6f: at least one element. */
    record TupleType(List<ValType> elements) implements DefValType {
    }

    /** {@code flags}, code 0x6e: 1 to 32 labels. */
    record FlagsType(List<String> labels) implements DefValType {
    }

    /** {@code enum}, code 0x6d: at least one label. */
    record EnumType(List<String> labels) implements DefValType {
    }

    /** {@code option}, code 0x6b. */
    record OptionType(ValType type) implements DefValType {
    }

    /** {@code result}, code 0x6a, with an optional ok type and an optional error type. */
    record ResultType(Optional<ValType> ok, Optional<ValType> error) implements DefValType {
    }

    /** {@code own}, code 0x69: an owned handle of the resource type at type index {@code resource}. */
    record OwnType(int resource) implements DefValType {
    }

    /** {@code borrow}, code 0x68: a borrowed handle of the resource type at {@code resource}. */
    record BorrowType(int resource) implements DefValType {
    }

    /** {@code stream} (🔀 async), code 0x66, with an optional element type. */
    record StreamType(Optional<ValType> element) implements DefValType {
    }

    /** {@code future} (🔀 async), code 0x65, with an optional payload type. */
    record FutureType(Optional<ValType> payload) implements DefValType {
    }

    /** {@code map} (🗺️), code 0x63. */
    record MapType(ValType key, ValType value) implements DefValType {
    }

    /**
     * A function type: code 0x40, or 0x43 for an {@code async} function type (🔀).
     *
     * @param async whether the type was encoded as {@code func async} (0x43)
     * @param params the parameters, in order
     * @param results the result: one unnamed type, none, or (legacy encoding) named results
     */
    record FuncType(boolean async, List<LabeledType> params, ResultList results) implements DefType {
    }

    /**
     * A component type, code 0x41: its declarators in binary order, including imports. The
     * declarators build index spaces of their own, starting empty (see {@link Decl}).
     */
    record ComponentType(List<Decl> decls) implements DefType {
    }

    /**
     * An instance type, code 0x42: its declarators in binary order (never an import). The
     * declarators build index spaces of their own, starting empty (see {@link Decl}).
     */
    record InstanceType(List<Decl> decls) implements DefType {
    }

    /**
     * A resource type definition, code 0x3f: a fresh resource type of this component.
     *
     * @param representation the core type of its representation (validation requires i32)
     * @param destructor the core function index of its destructor, if any
     */
    record ResourceType(CoreValueType representation, OptionalInt destructor) implements DefType {
    }
}
