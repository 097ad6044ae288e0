package dev.wasmlet.runtime.internal.binary;

import java.util.List;

/**
 * A core type definition ({@code core:deftype} of Binary.md): what a core type definition
 * (section 3), or a core type declarator inside a module, component or instance type, appends to
 * the core type index space. Core function types (0x60) and core module types (0x50) are read;
 * the GC proposal's rec groups, sub types, struct and array types are rejected as unsupported.
 */
public sealed interface CoreDefType permits CoreDefType.FuncType, CoreDefType.ModuleType {

    /** A core function type, code 0x60. */
    record FuncType(List<CoreValueType> params, List<CoreValueType> results) implements CoreDefType {
    }

    /**
     * A core module type, code 0x50: the imports and exports of a core module, in binary order.
     * Its type and alias declarators build a core type index space of its own, starting empty,
     * which the type indices of its imports and exports refer to.
     */
    record ModuleType(List<ModuleDecl> decls) implements CoreDefType {
    }

    /** A declarator of a core module type ({@code core:moduledecl}). */
    sealed interface ModuleDecl permits Import, Type, OuterAlias, Export {
    }

    /** {@code 0x00}: an import of the module, with its two-level name. */
    record Import(String module, String name, CoreExternType type) implements ModuleDecl {
    }

    /** {@code 0x01}: a core type, appended to the module type's core type space (never a module type). */
    record Type(CoreDefType type) implements ModuleDecl {
    }

    /**
     * {@code 0x02}: {@code (alias outer count index (type))}, appending to the module type's core
     * type space the core type {@code index} of the scope {@code count} levels out (0 is the
     * module type itself, 1 the component or type enclosing it).
     */
    record OuterAlias(int count, int index) implements ModuleDecl {
    }

    /** {@code 0x03}: an export of the module. */
    record Export(String name, CoreExternType type) implements ModuleDecl {
    }
}
