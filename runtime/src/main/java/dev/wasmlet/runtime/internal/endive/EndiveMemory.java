package dev.wasmlet.runtime.internal.endive;

import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreTrap;
import run.endive.runtime.Memory;

/** An Endive linear memory. Out-of-bounds accesses become {@link CoreTrap}s. */
final class EndiveMemory implements CoreMemory {
    private final Memory memory;

    EndiveMemory(Memory memory) {
        this.memory = memory;
    }

    Memory memory() {
        return memory;
    }

    @Override
    public long byteSize() {
        return (long) memory.pages() * PAGE_SIZE;
    }

    @Override
    public int grow(int pages) {
        return memory.grow(pages);
    }

    private void check(int address, int length) {
        if (Integer.toUnsignedLong(address) + length > byteSize() || length < 0) {
            throw new CoreTrap("out of bounds memory access: " + length + " bytes at 0x"
                    + Integer.toUnsignedString(address, 16) + " in a memory of " + byteSize() + " bytes");
        }
    }

    @Override
    public byte readByte(int address) {
        check(address, 1);
        return memory.read(address);
    }

    @Override
    public short readShort(int address) {
        check(address, 2);
        return memory.readShort(address);
    }

    @Override
    public int readInt(int address) {
        check(address, 4);
        return memory.readInt(address);
    }

    @Override
    public long readLong(int address) {
        check(address, 8);
        return memory.readLong(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        check(address, 1);
        memory.writeByte(address, value);
    }

    @Override
    public void writeShort(int address, short value) {
        check(address, 2);
        memory.writeShort(address, value);
    }

    @Override
    public void writeInt(int address, int value) {
        check(address, 4);
        memory.writeI32(address, value);
    }

    @Override
    public void writeLong(int address, long value) {
        check(address, 8);
        memory.writeLong(address, value);
    }

    @Override
    public byte[] read(int address, int length) {
        check(address, length);
        return memory.readBytes(address, length);
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        check(address, length);
        memory.write(address, source, offset, length);
    }
}
