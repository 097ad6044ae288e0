package dev.wasmlet.runtime.internal.binary;

import java.util.Optional;

/**
 * A custom section (id 0), kept for tools (e.g. the {@code component-name} section) but never
 * interpreted and never fatal: a name that does not decode leaves {@link #name()} empty.
 *
 * @param offset the absolute offset of the section id byte
 * @param name the section's name, if it decodes
 * @param contents the bytes after the name (the whole contents when the name does not decode)
 */
public record CustomSection(int offset, Optional<String> name, ByteSlice contents) {
}
