package dev.wasmlet.runtime.engine;

/** One import of a core module: where it comes from and what kind of thing it is. */
public record CoreImport(String module, String name, Kind kind, CoreFuncType functionType) {
    /** The kind of an import or export. */
    public enum Kind { FUNCTION, TABLE, MEMORY, GLOBAL, TAG }
}
