package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreTrap;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Wasmtime linear memory, read and written through a direct buffer over its bytes. The buffer
 * stays valid while the store is open: Wasmtime reserves a 32-bit memory's whole address range
 * up front (a static memory, its default on 64-bit hosts), so growing never moves it; the buffer
 * is only renewed to see the new length.
 */
final class WasmtimeMemory implements CoreMemory {
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final WasmtimeStore store;
    final Memory memory;
    private ByteBuffer buffer = EMPTY;

    WasmtimeMemory(WasmtimeStore store, Memory memory) {
        this.store = store;
        this.memory = memory;
    }

    WasmtimeStore store() {
        return store;
    }

    @Override
    public long byteSize() {
        store.checkOpen();
        return memory.dataSize(store.store);
    }

    @Override
    public int grow(int pages) {
        store.checkOpen();
        try {
            return memory.grow(store.store, pages);
        } catch (WasmtimeException e) {
            return -1;
        }
    }

    /** The buffer, renewed when {@code length} bytes at {@code address} lie past its end. */
    private ByteBuffer at(int address, int length) {
        store.checkOpen();
        long end = Integer.toUnsignedLong(address) + length;
        if (length < 0 || end > buffer.capacity()) {
            buffer = memory.buffer(store.store).order(ByteOrder.LITTLE_ENDIAN);
            if (length < 0 || end > buffer.capacity()) {
                throw new CoreTrap("out of bounds memory access: " + length + " bytes at 0x"
                        + Integer.toUnsignedString(address, 16) + " in a memory of " + buffer.capacity() + " bytes");
            }
        }
        return buffer;
    }

    @Override
    public byte readByte(int address) {
        return at(address, 1).get(address);
    }

    @Override
    public short readShort(int address) {
        return at(address, 2).getShort(address);
    }

    @Override
    public int readInt(int address) {
        return at(address, 4).getInt(address);
    }

    @Override
    public long readLong(int address) {
        return at(address, 8).getLong(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        at(address, 1).put(address, value);
    }

    @Override
    public void writeShort(int address, short value) {
        at(address, 2).putShort(address, value);
    }

    @Override
    public void writeInt(int address, int value) {
        at(address, 4).putInt(address, value);
    }

    @Override
    public void writeLong(int address, long value) {
        at(address, 8).putLong(address, value);
    }

    @Override
    public byte[] read(int address, int length) {
        ByteBuffer b = at(address, length);
        byte[] out = new byte[length];
        b.get(address, out);
        return out;
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        at(address, length).put(address, source, offset, length);
    }
}
