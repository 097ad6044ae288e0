package dev.wasmlet.runtime.engine;

/**
 * A linear memory. Addresses are unsigned 32-bit offsets passed as {@code int}; every access
 * outside {@link #byteSize()} throws {@link CoreTrap}. Multi-byte values are little-endian.
 */
public non-sealed interface CoreMemory extends CoreExtern {
    int PAGE_SIZE = 65536;

    /** The current size in bytes. */
    long byteSize();

    /** Grows by {@code pages}; the old size in pages, or -1 when the memory cannot grow. */
    int grow(int pages);

    byte readByte(int address);

    short readShort(int address);

    int readInt(int address);

    long readLong(int address);

    void writeByte(int address, byte value);

    void writeShort(int address, short value);

    void writeInt(int address, int value);

    void writeLong(int address, long value);

    /** Copies {@code length} bytes out of the memory. */
    byte[] read(int address, int length);

    /** Copies {@code length} bytes of {@code source} from {@code offset} into the memory. */
    void write(int address, byte[] source, int offset, int length);
}
