package dev.wasmlet.runtime.host;

import dev.wasmlet.runtime.GuestTrapException;
import java.util.Arrays;

/**
 * The host objects behind the resource handles of one instance. A representation ({@code rep})
 * is an index here; freed slots are reused. Not thread-safe: an instance runs on one thread at
 * a time.
 */
public final class ResourceTable {
    private Object[] slots = new Object[32];
    private int[] free = new int[32];
    private int freeCount;
    private int next = 1; // rep 0 is never handed out, so a zeroed handle is never valid
    private int live;

    /** Adds {@code value} and returns its representation. */
    public int add(Object value) {
        int rep;
        if (freeCount > 0) {
            rep = free[--freeCount];
        } else {
            rep = next++;
            if (rep == slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
            }
        }
        slots[rep] = value;
        live++;
        return rep;
    }

    /** The object of {@code rep}, which must be live and of {@code type}. */
    public <T> T get(int rep, Class<T> type) {
        Object value = rep > 0 && rep < slots.length ? slots[rep] : null;
        if (value == null) {
            throw new GuestTrapException("resource " + rep + " is not live");
        }
        if (!type.isInstance(value)) {
            throw new GuestTrapException("resource " + rep + " is a " + value.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    /** Removes and returns the object of {@code rep}. */
    public Object remove(int rep) {
        Object value = get(rep, Object.class);
        slots[rep] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = rep;
        live--;
        return value;
    }

    /** How many objects are live. */
    public int size() {
        return live;
    }
}
