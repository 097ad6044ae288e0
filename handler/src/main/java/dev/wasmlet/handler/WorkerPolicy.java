package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The stock worker policies, with values that may change while the pool runs: each live worker
 * reads them whenever it is polled, so a change takes effect after {@link
 * ProxyHandler#policiesChanged()} without a restart.
 *
 * <ul>
 *   <li>{@code maxInstanceReuseCount}: requests one instance serves in all (1 means a fresh
 *       instance per request, the WASI 0.2 default), lowered for each worker by a random
 *       fraction up to {@code reuseJitter} so that a pool's instances do not all expire at
 *       once;</li>
 *   <li>{@code maxInstanceConcurrentReuseCount}: requests one instance serves at once (1 for
 *       WASI 0.2, whose exports are synchronous);</li>
 *   <li>{@code idleInstanceTimeout}: how long a used instance may sit idle (a warm spare that
 *       never served is exempt); 0 means no timeout;</li>
 *   <li>{@code requestTimeout}: how long a request may run before "guest timed out"; 0 means
 *       none;</li>
 *   <li>{@code maxInstanceLifetime}: how long an instance may live, shortened per worker by up
 *       to {@code lifetimeJitter}; an instance in use is retired when its request ends; 0 means
 *       none;</li>
 *   <li>{@code maxMemoryBytes}: linear memory an instance may have grown to and still take
 *       another request (a high-water mark); 0 means none.</li>
 * </ul>
 */
public final class WorkerPolicy {
    /** Default of {@code maxInstanceReuseCount} for WASI 0.2: a fresh instance per request. */
    public static final long DEFAULT_MAX_INSTANCE_REUSE_COUNT = 1;
    /** Default of {@code maxInstanceConcurrentReuseCount} for WASI 0.2. */
    public static final int DEFAULT_MAX_INSTANCE_CONCURRENT_REUSE_COUNT = 1;
    /** Default of {@code idleInstanceTimeout}, as {@code wasmtime serve} has it. */
    public static final Duration DEFAULT_IDLE_INSTANCE_TIMEOUT = Duration.ofSeconds(1);

    private volatile long maxInstanceReuseCount = DEFAULT_MAX_INSTANCE_REUSE_COUNT;
    private volatile double reuseJitter;
    private volatile int maxInstanceConcurrentReuseCount = DEFAULT_MAX_INSTANCE_CONCURRENT_REUSE_COUNT;
    private volatile long idleInstanceTimeoutNanos = DEFAULT_IDLE_INSTANCE_TIMEOUT.toNanos();
    private volatile long requestTimeoutNanos;
    private volatile long maxInstanceLifetimeNanos;
    private volatile double lifetimeJitter;
    private volatile long maxMemoryBytes;

    public long maxInstanceReuseCount() {
        return maxInstanceReuseCount;
    }

    public WorkerPolicy maxInstanceReuseCount(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxInstanceReuseCount must be at least 1, was " + value);
        }
        this.maxInstanceReuseCount = value;
        return this;
    }

    public double reuseJitter() {
        return reuseJitter;
    }

    /** Fraction (0 to 1) by which each worker's reuse limit is lowered at random; 0 means none. */
    public WorkerPolicy reuseJitter(double value) {
        this.reuseJitter = fraction("reuseJitter", value);
        return this;
    }

    public int maxInstanceConcurrentReuseCount() {
        return maxInstanceConcurrentReuseCount;
    }

    public WorkerPolicy maxInstanceConcurrentReuseCount(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxInstanceConcurrentReuseCount must be at least 1, was " + value);
        }
        this.maxInstanceConcurrentReuseCount = value;
        return this;
    }

    public Duration idleInstanceTimeout() {
        return Duration.ofNanos(idleInstanceTimeoutNanos);
    }

    public WorkerPolicy idleInstanceTimeout(Duration value) {
        this.idleInstanceTimeoutNanos = nonNegative("idleInstanceTimeout", value);
        return this;
    }

    public Duration requestTimeout() {
        return Duration.ofNanos(requestTimeoutNanos);
    }

    public WorkerPolicy requestTimeout(Duration value) {
        this.requestTimeoutNanos = nonNegative("requestTimeout", value);
        return this;
    }

    public Duration maxInstanceLifetime() {
        return Duration.ofNanos(maxInstanceLifetimeNanos);
    }

    public WorkerPolicy maxInstanceLifetime(Duration value) {
        this.maxInstanceLifetimeNanos = nonNegative("maxInstanceLifetime", value);
        return this;
    }

    public double lifetimeJitter() {
        return lifetimeJitter;
    }

    /** Fraction (0 to 1) by which each worker's lifetime is shortened at random; 0 means none. */
    public WorkerPolicy lifetimeJitter(double value) {
        this.lifetimeJitter = fraction("lifetimeJitter", value);
        return this;
    }

    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    public WorkerPolicy maxMemoryBytes(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxMemoryBytes must be 0 (no limit) or more, was " + value);
        }
        this.maxMemoryBytes = value;
        return this;
    }

    private static long nonNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be 0 (none) or more, was " + value);
        }
        return value.toNanos();
    }

    private static double fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
        return value;
    }

    /**
     * The policy of one new worker.
     *
     * @param memoryBytes the instance's current linear memory size, for {@code maxMemoryBytes}
     * @param onDrop called once with the store and failure when the worker exits
     */
    public <D> Worker<D> forWorker(LongSupplier memoryBytes, BiConsumer<Store, Throwable> onDrop) {
        return new Worker<>(memoryBytes, onDrop);
    }

    /** One worker's view of the policy; its random draws are made once, at creation. */
    public final class Worker<D> implements WorkerState<D>, WorkerExpiration {
        private final LongSupplier memoryBytes;
        private final BiConsumer<Store, Throwable> onDrop;
        private final long createdAt = System.nanoTime();
        private final double reuseDraw = ThreadLocalRandom.current().nextDouble();
        private final double lifetimeDraw = ThreadLocalRandom.current().nextDouble();
        private volatile long served;

        private Worker(LongSupplier memoryBytes, BiConsumer<Store, Throwable> onDrop) {
            this.memoryBytes = memoryBytes;
            this.onDrop = onDrop;
        }

        /** This worker's reuse limit: the configured one, lowered by its share of the jitter. */
        long reuseLimit() {
            long max = maxInstanceReuseCount;
            long lowered = (long) Math.floor(max * (1 - reuseJitter * reuseDraw));
            return Math.max(1, lowered);
        }

        private long retireAt() {
            long lifetime = maxInstanceLifetimeNanos;
            if (lifetime == 0) {
                return NOT_SCHEDULED;
            }
            return createdAt + (long) (lifetime * (1 - lifetimeJitter * lifetimeDraw));
        }

        @Override
        public ShouldAccept shouldAcceptRequest(int concurrentCount, long totalCount) {
            if (totalCount >= reuseLimit()) {
                return ShouldAccept.NEVER;
            }
            long memoryLimit = maxMemoryBytes;
            if (memoryLimit > 0 && memoryBytes.getAsLong() > memoryLimit) {
                return ShouldAccept.NEVER;
            }
            if (retireAt() - System.nanoTime() <= 0) {
                return ShouldAccept.NEVER;
            }
            return concurrentCount >= maxInstanceConcurrentReuseCount ? ShouldAccept.NO : ShouldAccept.YES;
        }

        @Override
        public long onRequestStart(Store store, D data) {
            served++;
            long timeout = requestTimeoutNanos;
            return timeout == 0 ? NO_DEADLINE : System.nanoTime() + timeout;
        }

        @Override
        public long poll(WorkerStatus status, long sinceNanos) {
            if (status != WorkerStatus.IDLE) {
                // Lifetime and idleness never cut a request short: the request timeout does.
                long timeout = requestTimeoutNanos;
                return timeout == 0 ? NOT_SCHEDULED : sinceNanos + timeout;
            }
            long at = retireAt();
            long idle = idleInstanceTimeoutNanos;
            if (idle > 0 && served > 0) {
                at = Math.min(at, sinceNanos + idle);
            }
            return at;
        }

        @Override
        public void drop(Store store, Throwable failure) {
            onDrop.accept(store, failure);
        }
    }
}
