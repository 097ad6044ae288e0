package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreTrap;
import java.util.Arrays;

/**
 * The context of one activation of a lifted or lowered function: the function's name (for
 * messages), its instance and canon options, and the per-call borrow bookkeeping. For a function
 * type without {@code borrow}, one context is shared by all calls since it then holds no per-call
 * state.
 */
final class CallContext {
    final String name;
    final ComponentInstanceState inst;
    final CoreMemory memory;
    final CoreFunction realloc;
    final StringEncoding encoding;

    /** Lift side: borrow handles lent to the callee instance for this call and not yet dropped. */
    int borrowCount;
    /** Lower side: own handles of the caller that lend a borrow for this call. */
    private Handle[] lenders;
    private int lenderCount;

    CallContext(String name, ComponentInstanceState inst, CanonOptions opts) {
        this.name = name;
        this.inst = inst;
        this.memory = opts.memory();
        this.realloc = opts.realloc();
        this.encoding = opts.encoding();
    }

    GuestTrapException trap(String what) {
        return new GuestTrapException(name + ": " + what);
    }

    static String hex(int ptr) {
        return "0x" + Integer.toHexString(ptr);
    }

    /** Traps unless {@code [ptr, ptr + length)} is {@code align}-aligned and inside the memory. */
    void checkRange(int ptr, int align, long length, String what) {
        if ((ptr & (align - 1)) != 0) {
            throw trap(what + " pointer " + hex(ptr) + " not aligned to " + align);
        }
        long size = memory.byteSize();
        if (Integer.toUnsignedLong(ptr) + length > size) {
            throw trap(what + " of " + length + " bytes at " + hex(ptr) + " out of bounds of memory ("
                    + size + " bytes)");
        }
    }

    /** Calls {@code realloc(old, oldSize, align, newSize)} and checks the block it returns. */
    int realloc(int old, int oldSize, int align, long newSize, String what) {
        long[] r;
        try {
            r = realloc.call(old, oldSize, align, (int) newSize);
        } catch (CoreTrap e) {
            throw new GuestTrapException(name + ": realloc trapped while allocating " + what + ": "
                    + e.getMessage(), e);
        }
        int ptr = (int) r[0];
        if ((ptr & (align - 1)) != 0) {
            throw trap("realloc returned " + what + " pointer " + hex(ptr) + " not aligned to " + align);
        }
        long size = memory.byteSize();
        if (Integer.toUnsignedLong(ptr) + newSize > size) {
            throw trap("realloc returned " + what + " of " + newSize + " bytes at " + hex(ptr)
                    + " out of bounds of memory (" + size + " bytes)");
        }
        return ptr;
    }

    /** A fresh block from {@code realloc(0, 0, align, size)}. */
    int alloc(int align, long size, String what) {
        return realloc(0, 0, align, size, what);
    }

    void lend(Handle h) {
        h.lendCount++;
        if (lenders == null) {
            lenders = new Handle[4];
        } else if (lenderCount == lenders.length) {
            lenders = Arrays.copyOf(lenders, lenderCount * 2);
        }
        lenders[lenderCount++] = h;
    }

    void releaseLenders() {
        for (int i = 0; i < lenderCount; i++) {
            lenders[i].lendCount--;
            lenders[i] = null;
        }
        lenderCount = 0;
    }
}
