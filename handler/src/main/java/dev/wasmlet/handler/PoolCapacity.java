package dev.wasmlet.handler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The capacity that one or more {@link ProxyHandler}s draw their instances from: a limit on the
 * instances alive at once and an optional budget of linear memory summed over them. Give one
 * object to the builders of several handlers to make them share it; a handler built without one
 * has a capacity of its own with no limits (its own {@code maxInstances} applies as well).
 *
 * <h2>What is charged</h2>
 * Each live instance is charged one instance and its linear memory. A new instance is charged,
 * until it is made, the memory the previous instance of its pool had when it was made (nothing
 * for a pool's first instance); once made, and again each time it finishes a request, it is
 * charged what {@link WorkerInstance#memoryBytes()} reports. The charge is released when the
 * instance is asked to go, a moment before its store is dropped.
 *
 * <h2>When it is reached</h2>
 * A request that needs a new instance while no more fit asks the handlers sharing the capacity
 * to end idle instances, warm spares first, then the least recently used, until the new one
 * fits; a busy instance is never ended for it. When no idle instance is left the request fails
 * with an {@link InstantiationError} caused by a {@link PoolLimitError} that names the limit.
 * Warm spares are made only from free capacity, never by ending another instance; a spare ended
 * for another pool is made again once capacity is released. Keep the sum of the sharing pools'
 * warm instances below {@code maxInstances}, or spares will be made and ended in turn.
 *
 * <p>While the memory charged exceeds the budget (an instance grew while serving, or the budget
 * was lowered), idle instances are ended the same way until it fits, and an instance finishing
 * a request ends instead of waiting for the next.
 */
public final class PoolCapacity {
    /** {@link Member#idleSince}'s answer when the member has no such idle instance. */
    static final long NOT_IDLE = Long.MIN_VALUE;

    private final int maxInstances;
    private volatile long maxMemoryBytes;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    /** Guarded by {@code this}. */
    private int instances;
    /** Guarded by {@code this}. */
    private long memoryBytes;
    /** Guarded by {@code this}: requests ending idle instances to make room, which spares must not take. */
    private int makingRoom;

    /**
     * @param maxInstances the most instances alive at once over every handler sharing this
     * @param maxMemoryBytes the budget of linear memory summed over those instances; 0 means none
     */
    public PoolCapacity(int maxInstances, long maxMemoryBytes) {
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1, was " + maxInstances);
        }
        this.maxInstances = maxInstances;
        this.maxMemoryBytes = budget(maxMemoryBytes);
    }

    /** A capacity without limits: what a handler built without one gets. */
    public static PoolCapacity unlimited() {
        return new PoolCapacity(Integer.MAX_VALUE, 0);
    }

    public int maxInstances() {
        return maxInstances;
    }

    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /**
     * Changes the memory budget while the handlers run: when lowered below what is charged, idle
     * instances end now until it fits (busy ones when their request ends); when raised, requests
     * waiting for capacity try again.
     */
    public void maxMemoryBytes(long value) {
        this.maxMemoryBytes = budget(value);
        trim();
        released(null);
    }

    private static long budget(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxMemoryBytes must be 0 (no budget) or more, was " + value);
        }
        return value;
    }

    /** Instances charged now, over every handler sharing this. */
    public synchronized int instances() {
        return instances;
    }

    /** Linear memory charged now, in bytes, over every handler sharing this. */
    public synchronized long memoryBytes() {
        return memoryBytes;
    }

    /** A handler's side of the capacity, called with no lock held. */
    interface Member {
        /** When its longest-idle instance (a warm spare when {@code spare}) went idle, or {@link #NOT_IDLE}. */
        long idleSince(boolean spare);

        /** Ends that instance and releases its charge at once; false when it has none any more. */
        boolean reclaim(boolean spare);

        /** Capacity was released elsewhere: requests waiting for it may try again. */
        void capacityReleased();
    }

    void join(Member member) {
        members.add(member);
    }

    void leave(Member member) {
        members.remove(member);
    }

    /**
     * Charges one instance of {@code bytes} when it fits; returns null then, or else why it does
     * not. A warm {@code spare} does not fit while a request is making room.
     */
    synchronized String reserve(long bytes, boolean spare) {
        long budget = maxMemoryBytes;
        if (spare && makingRoom > 0) {
            return "requests are making room";
        }
        if (instances >= maxInstances) {
            return whose() + " is at its limit of " + maxInstances + " instances";
        }
        if (budget > 0 && (memoryBytes >= budget || memoryBytes + bytes > budget)) {
            return whose() + " is at its memory budget of " + budget + " bytes (" + memoryBytes + " charged to "
                    + instances + " instances; a new one is estimated at " + bytes + ")";
        }
        instances++;
        memoryBytes += bytes;
        return null;
    }

    private String whose() {
        int pools = members.size();
        return pools == 1 ? "the pool's capacity" : "the capacity shared by " + pools + " pools";
    }

    /** Changes the memory charged to a live instance by {@code delta} bytes. */
    synchronized void charge(long delta) {
        memoryBytes += delta;
    }

    /** Releases one instance that was charged {@code bytes}. */
    synchronized void release(long bytes) {
        instances--;
        memoryBytes -= bytes;
    }

    /** Whether the memory charged exceeds the budget. */
    synchronized boolean overBudget() {
        long budget = maxMemoryBytes;
        return budget > 0 && memoryBytes > budget;
    }

    /**
     * Charges one instance of {@code bytes}, ending idle instances of the members until it fits;
     * returns null then, or else why it does not fit with no idle instance left. Call it with no
     * pool locked.
     */
    String reserveMakingRoom(long bytes) {
        synchronized (this) {
            makingRoom++;
        }
        try {
            while (true) {
                String refused = reserve(bytes, false);
                if (refused == null || !reclaimOne()) {
                    return refused;
                }
            }
        } finally {
            synchronized (this) {
                makingRoom--;
            }
        }
    }

    /** Ends idle instances while the memory charged exceeds the budget. */
    void trim() {
        while (overBudget() && reclaimOne()) {
            // each pass ended one idle instance
        }
    }

    /** Tells every member but {@code source} (null: every member) that capacity was released. */
    void released(Member source) {
        for (Member m : members) {
            if (m != source) {
                m.capacityReleased();
            }
        }
    }

    /** Ends the longest-idle warm spare, or else the longest-idle instance, of any member. */
    private boolean reclaimOne() {
        for (boolean spare : new boolean[] {true, false}) {
            while (true) {
                Member oldest = null;
                long since = 0;
                for (Member m : members) {
                    long s = m.idleSince(spare);
                    if (s != NOT_IDLE && (oldest == null || s - since < 0)) {
                        oldest = m;
                        since = s;
                    }
                }
                if (oldest == null) {
                    break;
                }
                if (oldest.reclaim(spare)) {
                    return true;
                }
                // Its instance was taken meanwhile: look again.
            }
        }
        return false;
    }
}
