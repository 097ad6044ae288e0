package dev.wasmlet.runtime.wasi;

import java.nio.file.attribute.BasicFileAttributes;

/** {@code wasi:filesystem/types.descriptor-type}, in WIT order. */
public enum DescriptorType {
    UNKNOWN,
    BLOCK_DEVICE,
    CHARACTER_DEVICE,
    DIRECTORY,
    FIFO,
    SYMBOLIC_LINK,
    REGULAR_FILE,
    SOCKET;

    static DescriptorType of(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return DIRECTORY;
        }
        if (attributes.isRegularFile()) {
            return REGULAR_FILE;
        }
        if (attributes.isSymbolicLink()) {
            return SYMBOLIC_LINK;
        }
        return UNKNOWN;
    }
}
