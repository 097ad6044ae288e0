/**
 * The WebAssembly component binary parser: {@link dev.wasmlet.runtime.internal.binary.ComponentParser}
 * turns the bytes of a component into a {@link dev.wasmlet.runtime.internal.binary.ComponentBinary},
 * an unresolved, index-based AST that follows design/mvp/Binary.md of the component model
 * (binary version 0x0d, layer 1).
 *
 * <h2>Shape</h2>
 * A component is a list of {@link dev.wasmlet.runtime.internal.binary.Definition}s in binary
 * order. Types are {@link dev.wasmlet.runtime.internal.binary.DefType}s (component level) and
 * {@link dev.wasmlet.runtime.internal.binary.CoreDefType}s (core level); uses of value types are
 * {@link dev.wasmlet.runtime.internal.binary.ValType}s: a
 * {@link dev.wasmlet.runtime.internal.binary.PrimValType} or a type index. Component and
 * instance types hold {@link dev.wasmlet.runtime.internal.binary.Decl}arators. Nothing here is
 * resolved: the linker walks the definitions in order, building the index spaces (see
 * {@link dev.wasmlet.runtime.internal.binary.Definition} for what each appends where) and
 * resolving types into {@code dev.wasmlet.runtime.types}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every index in the AST was in range of its index space where it occurs (the parser
 *       counts every index space of every scope), outer aliases included.</li>
 *   <li>Every list is immutable; offsets are absolute in the outermost binary.</li>
 *   <li>Failures are {@link dev.wasmlet.runtime.MalformedComponentException} or
 *       {@link dev.wasmlet.runtime.InvalidComponentException}, never another exception.</li>
 * </ul>
 */
package dev.wasmlet.runtime.internal.binary;
