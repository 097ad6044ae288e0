package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreTable;

/** A table an instance exports, known only by where the store's linker holds it. */
record WasmtimeTable(WasmtimeStore store, Origin origin) implements CoreTable {
}
