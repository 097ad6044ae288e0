package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.ResourceType;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The canonical ABI state of one component instance: its handle table, its {@code may_leave}
 * and {@code may_enter} flags, and the resource types it implements.
 *
 * <p>There is one handle table for all resource types: each element carries its
 * {@link ResourceType}, whether it is an own or a borrow, the count of borrows lent from it and,
 * for a borrow, the call it was lent for. Index 0 is never used, so that 0 can serve guests as a
 * null handle; freed indices are reused last-in first-out.
 *
 * <p>A component instance runs on one thread at a time; this class is not thread-safe.
 *
 * <p>After a trap the instance is <em>poisoned</em>: {@code may_enter} stays false for good, and
 * every later call of a lifted export traps (the component model's lockdown-after-trap rule).
 */
public final class ComponentInstanceState {
    static final int MAX_HANDLES = 1 << 30;

    private final String name;
    private final IntConsumer hostResourceDrop;
    private final Set<ResourceType> implemented = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean mayLeave = true;
    boolean mayEnter = true;
    private boolean poisoned;

    private Handle[] handles = new Handle[16];
    private int end = 1;
    private int[] free = new int[16];
    private int freeCount;
    private int live;

    /** A fresh instance state without host resources; {@code name} appears in trap messages. */
    public ComponentInstanceState(String name) {
        this(name, rep -> {
            throw new IllegalStateException("instance " + name + " has no host resources");
        });
    }

    /**
     * A fresh instance state; {@code hostResourceDrop} releases the host object of a
     * {@linkplain ResourceType#isHost host resource} whose last handle this instance drops.
     */
    public ComponentInstanceState(String name, IntConsumer hostResourceDrop) {
        this.name = Objects.requireNonNull(name, "name");
        this.hostResourceDrop = Objects.requireNonNull(hostResourceDrop, "hostResourceDrop");
    }

    /** A fresh instance state implementing the given resource types (see {@link #addImplementedType}). */
    public ComponentInstanceState(String name, Collection<ResourceType> implementedTypes) {
        this(name);
        for (ResourceType rt : implementedTypes) {
            addImplementedType(rt);
        }
    }

    public String name() {
        return name;
    }

    /** Runs the destructor of an own handle's resource: the host's release, or the type's destructor. */
    void destroy(ResourceType rt, int rep) {
        if (rt.isHost()) {
            hostResourceDrop.accept(rep);
        } else if (rt.destructor() != null) {
            rt.destructor().accept(rep);
        }
    }

    /**
     * Records that this instance defines {@code rt} (a {@code resource} type definition of the
     * component, not an imported one). A {@code borrow<rt>} lowered into this instance is then
     * passed as the representation itself rather than as a new borrow handle.
     * {@link CanonicalAbi#resourceNew} and {@link CanonicalAbi#resourceRep} call this for their type.
     */
    public void addImplementedType(ResourceType rt) {
        implemented.add(Objects.requireNonNull(rt, "rt"));
    }

    public boolean implementsType(ResourceType rt) {
        return implemented.contains(rt);
    }

    /** Whether the instance may be entered through a lifted export now. */
    public boolean mayEnter() {
        return mayEnter && !poisoned;
    }

    /** Whether the instance may call a lowered import now (false while the ABI lowers values into it). */
    public boolean mayLeave() {
        return mayLeave;
    }

    public boolean poisoned() {
        return poisoned;
    }

    /** Marks the instance as trapped: it can never be entered again. */
    public void poison() {
        poisoned = true;
        mayEnter = false;
    }

    /** The number of live handles in the table (own and borrow, all resource types). */
    public int handleCount() {
        return live;
    }

    GuestTrapException enterTrap(String function) {
        if (poisoned) {
            return new GuestTrapException(function + ": component instance " + name
                    + " trapped earlier and cannot be entered again");
        }
        return new GuestTrapException(function + ": component instance " + name
                + " cannot be entered while it is calling an import (no reentrance)");
    }

    int add(String function, Handle h) {
        int i;
        if (freeCount > 0) {
            i = free[--freeCount];
        } else {
            if (end >= MAX_HANDLES) {
                throw new GuestTrapException(function + ": handle table of component instance " + name
                        + " is full (" + MAX_HANDLES + " handles)");
            }
            if (end == handles.length) {
                handles = Arrays.copyOf(handles, handles.length * 2);
            }
            i = end++;
        }
        handles[i] = h;
        live++;
        return i;
    }

    /** The handle at index {@code i}, which must be of resource type {@code rt}. */
    Handle get(String function, int i, ResourceType rt) {
        if (i <= 0 || i >= end) {
            throw new GuestTrapException(function + ": invalid handle index " + Integer.toUnsignedString(i)
                    + " for resource " + rt.name());
        }
        Handle h = handles[i];
        if (h == null) {
            throw new GuestTrapException(function + ": use of dropped handle " + i + " (resource "
                    + rt.name() + ")");
        }
        if (h.type != rt) {
            throw new GuestTrapException(function + ": handle " + i + " is a resource " + h.type.name()
                    + ", expected resource " + rt.name());
        }
        return h;
    }

    /** Frees index {@code i}, which {@link #get} has just returned. */
    void remove(int i) {
        handles[i] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = i;
        live--;
    }

    /** The lowest index of a live borrow handle lent for {@code scope}, or -1. */
    int findBorrow(CallContext scope) {
        for (int i = 1; i < end; i++) {
            Handle h = handles[i];
            if (h != null && !h.own && h.scope == scope) {
                return i;
            }
        }
        return -1;
    }

    /** The resource type of the live handle at {@code i}, or null (for diagnostics and tests). */
    ResourceType typeAt(int i) {
        return i > 0 && i < end && handles[i] != null ? handles[i].type : null;
    }

    /** Whether the live handle at {@code i} is an own (for tests). */
    boolean isOwn(int i) {
        return handles[i].own;
    }

    /** Indices of live borrow handles (for tests that play a guest dropping what it borrowed). */
    int[] borrowIndices() {
        int[] out = new int[live];
        int n = 0;
        for (int i = 1; i < end; i++) {
            if (handles[i] != null && !handles[i].own) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
