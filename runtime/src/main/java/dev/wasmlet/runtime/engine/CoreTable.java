package dev.wasmlet.runtime.engine;

/** A core table, passed between instances as it is (its contents are engine-internal). */
public non-sealed interface CoreTable extends CoreExtern {
}
