package dev.wasmlet.engine.wasmtime;

/**
 * Where an export of an instance made through the store's {@code Linker} is defined there: the
 * name the instance is registered under and the export's name. A table or global can reach
 * another instance only this way (wasmtime-java 0.19 passes only functions and memories from
 * Java), by an import renamed to it.
 */
record Origin(String instance, String export) {
}
