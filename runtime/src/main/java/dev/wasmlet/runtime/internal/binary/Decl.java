package dev.wasmlet.runtime.internal.binary;

/**
 * A declarator inside a component type or an instance type ({@code componentdecl} and
 * {@code instancedecl} of Binary.md). Each such type is a scope whose thirteen index spaces start
 * empty; its declarators append to them in order, exactly as definitions do in a component:
 *
 * <ul>
 *   <li>{@link CoreType} appends to {@code core type};</li>
 *   <li>{@link Type} appends to {@code type};</li>
 *   <li>{@link Alias} appends to its {@link Alias#sort() sort};</li>
 *   <li>{@link Import} (component types only) and {@link Export} append to the sort of their
 *       {@link ExternType}. For a type with a {@code (sub resource)} bound, the new type index is
 *       a fresh abstract resource type; with {@code (eq i)}, it is the same type as {@code i}.</li>
 * </ul>
 *
 * Every index inside a declarator refers to these local spaces (outer aliases reach enclosing
 * scopes) and was checked to be in range.
 */
public sealed interface Decl permits Decl.CoreType, Decl.Type, Decl.Alias, Decl.Import, Decl.Export {

    /** The absolute offset of the declarator's first byte in the outermost binary. */
    int offset();

    /** The local index space this declarator appends one entry to. */
    Sort sort();

    /** 0x00: a core type (a core function type or a core module type). */
    record CoreType(int offset, CoreDefType type) implements Decl {
        @Override
        public Sort sort() {
            return Sort.CORE_TYPE;
        }
    }

    /** 0x01: a type (never a resource type definition: validation forbids those here). */
    record Type(int offset, DefType type) implements Decl {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    /** 0x02: an alias of {@code sort}; validation allows outer aliases and instance-export aliases. */
    record Alias(int offset, Sort sort, AliasTarget target) implements Decl {
    }

    /** 0x03: an import of a component type ({@code importdecl}). */
    record Import(int offset, ExternName name, ExternType type) implements Decl {
        @Override
        public Sort sort() {
            return type.sort();
        }
    }

    /** 0x04: an export of a component or instance type ({@code exportdecl}). */
    record Export(int offset, ExternName name, ExternType type) implements Decl {
        @Override
        public Sort sort() {
            return type.sort();
        }
    }
}
