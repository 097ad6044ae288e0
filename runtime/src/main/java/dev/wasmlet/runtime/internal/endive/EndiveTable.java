package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreTable;
import run.endive.runtime.TableInstance;

/** An Endive table, shared as it is between instances. */
record EndiveTable(TableInstance table) implements CoreTable {
}
