package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreTrap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A linear memory over a growable byte array, for tests. */
final class TestMemory implements CoreMemory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] data;
    private final int maxPages;

    TestMemory(int pages) {
        this(pages, 1024);
    }

    TestMemory(int pages, int maxPages) {
        this.data = new byte[pages * PAGE_SIZE];
        this.maxPages = maxPages;
    }

    @Override
    public long byteSize() {
        return data.length;
    }

    @Override
    public int grow(int pages) {
        int old = data.length / PAGE_SIZE;
        if (pages < 0 || old + pages > maxPages) {
            return -1;
        }
        data = Arrays.copyOf(data, (old + pages) * PAGE_SIZE);
        return old;
    }

    private int check(int address, int length) {
        if (length < 0 || Integer.toUnsignedLong(address) + length > data.length) {
            throw new CoreTrap("out of bounds memory access: " + length + " bytes at 0x"
                    + Integer.toHexString(address));
        }
        return address;
    }

    @Override
    public byte readByte(int address) {
        return data[check(address, 1)];
    }

    @Override
    public short readShort(int address) {
        return (short) SHORT.get(data, check(address, 2));
    }

    @Override
    public int readInt(int address) {
        return (int) INT.get(data, check(address, 4));
    }

    @Override
    public long readLong(int address) {
        return (long) LONG.get(data, check(address, 8));
    }

    @Override
    public void writeByte(int address, byte value) {
        data[check(address, 1)] = value;
    }

    @Override
    public void writeShort(int address, short value) {
        SHORT.set(data, check(address, 2), value);
    }

    @Override
    public void writeInt(int address, int value) {
        INT.set(data, check(address, 4), value);
    }

    @Override
    public void writeLong(int address, long value) {
        LONG.set(data, check(address, 8), value);
    }

    @Override
    public byte[] read(int address, int length) {
        check(address, length);
        return Arrays.copyOfRange(data, address, address + length);
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        check(address, length);
        System.arraycopy(source, offset, data, address, length);
    }
}
