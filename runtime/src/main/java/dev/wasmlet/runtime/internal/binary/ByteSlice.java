package dev.wasmlet.runtime.internal.binary;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable window onto the bytes given to {@link ComponentParser#parse}: a core module, a
 * custom section's contents or an encoded value. It keeps no copy; {@link #toArray()} makes one.
 */
public final class ByteSlice {
    private final byte[] source;
    private final int offset;
    private final int length;

    ByteSlice(byte[] source, int offset, int length) {
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    /** The absolute offset of the first byte, from the start of the outermost binary. */
    public int offset() {
        return offset;
    }

    /** The number of bytes. */
    public int length() {
        return length;
    }

    /** A fresh copy of the bytes. */
    public byte[] toArray() {
        return Arrays.copyOfRange(source, offset, offset + length);
    }

    /** A read-only view of the bytes, without copying; position 0 is the first byte. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(source, offset, length).slice().asReadOnlyBuffer();
    }

    /** The byte at {@code index} (0 is the first byte of this slice). */
    public byte get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " outside a slice of " + length + " bytes");
        }
        return source[offset + index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteSlice that
                && Arrays.equals(source, offset, offset + length, that.source, that.offset, that.offset + that.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + source[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return length + " bytes at offset 0x" + Integer.toHexString(offset);
    }
}
