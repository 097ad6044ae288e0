package dev.wasmlet.runtime.engine;

/**
 * A core WebAssembly value type as it crosses the engine boundary. Every value is carried in a
 * {@code long}: i32 sign-extended, f32 and f64 as their raw bits, references as engine-defined
 * indices.
 */
public enum CoreValType {
    I32, I64, F32, F64, FUNCREF, EXTERNREF
}
