package dev.wasmlet.runtime.engine;

/** Something a core instance exports or imports: a function, memory, table or global. */
public sealed interface CoreExtern permits CoreFunction, CoreMemory, CoreTable, CoreGlobal {
}
