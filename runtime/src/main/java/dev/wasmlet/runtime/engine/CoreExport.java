package dev.wasmlet.runtime.engine;

/** One export of a core module. {@code functionType} is null unless the export is a function. */
public record CoreExport(String name, CoreImport.Kind kind, CoreFuncType functionType) {
}
