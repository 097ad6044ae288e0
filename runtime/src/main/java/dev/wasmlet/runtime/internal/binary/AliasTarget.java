package dev.wasmlet.runtime.internal.binary;

/**
 * What an alias projects into the current scope (the {@code aliastarget} of Binary.md). Used by
 * alias definitions ({@link Definition.Alias}) and alias declarators ({@link Decl.Alias}).
 */
public sealed interface AliasTarget permits AliasTarget.Export, AliasTarget.CoreExport, AliasTarget.Outer {

    /** 0x00: the export {@code name} of the component instance at instance index {@code instance}. */
    record Export(int instance, String name) implements AliasTarget {
    }

    /** 0x01: the export {@code name} of the core instance at core instance index {@code coreInstance}. */
    record CoreExport(int coreInstance, String name) implements AliasTarget {
    }

    /**
     * 0x02: entry {@code index} of the same sort's index space of the scope {@code count} levels
     * out, as that space stood where the current scope began (0 is the current scope; scopes are
     * components, component types and instance types). Only {@code core module}, {@code core type},
     * {@code component} and {@code type} may be aliased this way.
     */
    record Outer(int count, int index) implements AliasTarget {
    }
}
