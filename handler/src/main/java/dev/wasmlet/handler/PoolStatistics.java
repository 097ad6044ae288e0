package dev.wasmlet.handler;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a {@link ProxyHandler}, cheap to update on the request path. */
public final class PoolStatistics {
    final LongAdder requests = new LongAdder();
    final LongAdder poolLimit = new LongAdder();
    final LongAdder reclaims = new LongAdder();
    final LongAdder traps = new LongAdder();
    final LongAdder neverSet = new LongAdder();
    final LongAdder requestExpirations = new LongAdder();
    final LongAdder idleExpirations = new LongAdder();
    final LongAdder instantiations = new LongAdder();
    final LongAdder instantiationFailures = new LongAdder();
    final LongAdder instantiationNanos = new LongAdder();

    PoolStatistics() {
    }

    void instantiated(long nanos) {
        instantiations.increment();
        instantiationNanos.add(nanos);
    }

    Snapshot snapshot(int live, int idle, int busy, int spares, int maxInstances, int warmInstances,
                      long memoryBytes) {
        long made = instantiations.sum();
        return new Snapshot(live, idle, busy, spares, maxInstances, warmInstances, memoryBytes, requests.sum(),
                poolLimit.sum(), reclaims.sum(), traps.sum(), neverSet.sum(), requestExpirations.sum(),
                idleExpirations.sum(), made, instantiationFailures.sum(),
                made == 0 ? 0 : instantiationNanos.sum() / made / 1000);
    }

    /**
     * The pool at one moment.
     *
     * @param live instances alive or being made
     * @param idle idle instances that accept a request now
     * @param busy instances running a request
     * @param spares instances made ahead of demand and not used yet
     * @param memoryBytes linear memory charged to the live instances (see {@link PoolCapacity}), in bytes
     * @param requests requests handed to the pool in all
     * @param poolLimitErrors requests refused because the pool was full
     * @param reclaims idle instances ended before their time: by {@link ProxyHandler#reclaimIdle}, to make
     *     room for a new instance of this or another pool sharing its capacity, or over the memory budget
     * @param traps requests failed by a guest trap
     * @param neverSet requests whose guest returned without a response
     * @param requestExpirations requests failed by their deadline
     * @param idleExpirations workers ended by their idle expiration
     * @param instantiations instances made
     * @param instantiationFailures instances that could not be made
     * @param meanInstantiationMicros mean time to make an instance, in microseconds
     */
    public record Snapshot(int live, int idle, int busy, int spares, int maxInstances, int warmInstances,
                           long memoryBytes, long requests, long poolLimitErrors, long reclaims, long traps,
                           long neverSet, long requestExpirations, long idleExpirations, long instantiations,
                           long instantiationFailures, long meanInstantiationMicros) {
    }
}
