package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.engine.CoreValType;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code realloc(old, old_size, align, new_size)} for tests: bumps a pointer (growing the
 * memory as needed), copies the old block into a new one, and records every call.
 */
class BumpAllocator implements CoreFunction {
    static final CoreFuncType TYPE = new CoreFuncType(
            List.of(CoreValType.I32, CoreValType.I32, CoreValType.I32, CoreValType.I32), List.of(CoreValType.I32));

    final CoreMemory memory;
    final List<long[]> calls = new ArrayList<>();
    private long top;

    BumpAllocator(CoreMemory memory, int start) {
        this.memory = memory;
        this.top = start;
    }

    @Override
    public CoreFuncType type() {
        return TYPE;
    }

    @Override
    public long[] call(long... args) {
        calls.add(args.clone());
        int old = (int) args[0];
        int oldSize = (int) args[1];
        int align = (int) args[2];
        long newSize = Integer.toUnsignedLong((int) args[3]);
        if (align <= 0 || (align & (align - 1)) != 0) {
            throw new CoreTrap("bad alignment " + align);
        }
        long p = (top + align - 1) & -align;
        top = p + newSize;
        while (top > memory.byteSize()) {
            if (memory.grow(1) < 0) {
                throw new CoreTrap("out of memory");
            }
        }
        if (old != 0) {
            int n = (int) Math.min(Integer.toUnsignedLong(oldSize), newSize);
            memory.write((int) p, memory.read(old, n), 0, n);
        }
        return new long[] {(int) p};
    }
}
