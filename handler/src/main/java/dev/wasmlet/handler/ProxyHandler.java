package dev.wasmlet.handler;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreTrap;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of workers, each owning one guest instance, that handles HTTP requests: the Java port
 * of Wasmtime's {@code wasmtime_wasi_http::handler::ProxyHandler}.
 *
 * <p>The pool is mechanism; the embedder supplies policy. {@link HandlerState#instantiate()}
 * makes a worker's instance together with its {@link WorkerState} (how many requests it takes,
 * each request's deadline, what happens to its store at the end) and its {@link
 * WorkerExpiration} (when it goes). A request is handed to a worker that is idle and accepting,
 * or else to a new worker, which is given the request directly; so no request waits in a queue
 * that no worker will drain.
 *
 * <p>Each worker runs its guest on its own thread (a virtual thread where the JVM has them); a
 * guest that blocks parks only that thread. A guest past its deadline is interrupted, not waited
 * for, and its instance is never used again; nor is that of a guest that trapped.
 *
 * <h2>Backpressure</h2>
 * The pool holds at most {@code maxInstances} instances. When a request needs a new worker and
 * the pool is full, {@link #handle(Object, Request)} fails at once with an {@link
 * InstantiationError} caused by {@link PoolLimitError}, which gives the request back; {@link
 * #handle(Object, Request, Duration)} instead waits, bounded, for a worker to become available
 * or to go, and tries again.
 *
 * @param <D> data the caller attaches to each request, passed to {@link
 *     WorkerState#onRequestStart}
 */
public final class ProxyHandler<D> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    private static final AtomicInteger HANDLERS = new AtomicInteger();

    private final HandlerState<D> state;
    private final int maxInstances;
    private final ThreadFactory threads;
    private final ScheduledExecutorService timer;
    private final PoolStatistics statistics = new PoolStatistics();

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: every live worker, instantiating or running. */
    private final Set<Worker> workers = new HashSet<>();
    /** Guarded by {@link #lock}: idle workers that accept a request now; the last went idle last. */
    private final ArrayDeque<Worker> available = new ArrayDeque<>();
    /** Guarded by {@link #lock}: run when a worker becomes available or goes. */
    private final List<Runnable> capacityWaiters = new ArrayList<>();
    /** Guarded by {@link #lock}: workers that have not taken a request yet. */
    private int spares;
    /** Guarded by {@link #lock}. */
    private int warmInstances;
    /** Guarded by {@link #lock}: no new spare is started before this time, after one failed. */
    private long sparesBlockedUntil;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private ProxyHandler(Builder<D> builder) {
        this.state = builder.state;
        this.maxInstances = builder.maxInstances;
        this.warmInstances = builder.warmInstances;
        String name = builder.name != null ? builder.name : "wasmlet-" + HANDLERS.incrementAndGet();
        this.threads = builder.threads != null ? builder.threads : WorkerThreads.factory(name + "-worker-");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-housekeeper");
            t.setDaemon(true);
            return t;
        });
        lock.lock();
        try {
            replenishSpares();
        } finally {
            lock.unlock();
        }
    }

    /** A builder for a pool whose workers {@code state} makes. */
    public static <D> Builder<D> builder(HandlerState<D> state) {
        return new Builder<>(state);
    }

    /**
     * Handles {@code request}. The caller's thread never waits for the guest: the future
     * completes when the guest sets its response (its body may still be streaming), or fails
     * with:
     * <ul>
     *   <li>{@link InstantiationError} when a new worker was needed and could not be made (the
     *       pool is full, or instantiation failed); it gives the request back;</li>
     *   <li>{@link ExpirationError} when the request's deadline passed first;</li>
     *   <li>{@link TrapError} when the guest trapped first;</li>
     *   <li>{@link GuestResponseError} when the guest returned without setting a response, or
     *       set an error code;</li>
     *   <li>{@link HandlerClosedError} when the pool is shutting down.</li>
     * </ul>
     */
    public CompletableFuture<Response> handle(D data, Request request) {
        Pending<D> pending = new Pending<>(request, data, new CompletableFuture<>());
        statistics.requests.increment();
        lock.lock();
        try {
            if (closed) {
                pending.response.completeExceptionally(new HandlerClosedError("the handler is shutting down"));
                return pending.response;
            }
            Worker worker = available.pollLast();
            if (worker != null) {
                worker.isAvailable = false;
                worker.assigned = pending;
                worker.wake.signal();
            } else if (workers.size() < maxInstances) {
                startWorker(pending);
            } else {
                statistics.poolLimit.increment();
                pending.response.completeExceptionally(
                        new InstantiationError(request, data, new PoolLimitError(describe())));
            }
            replenishSpares();
        } finally {
            lock.unlock();
        }
        return pending.response;
    }

    /**
     * Handles {@code request} like {@link #handle(Object, Request)}, but when the pool is full,
     * waits up to {@code maxWait} for a worker to become available or to go, and tries again.
     * After {@code maxWait} the future fails with the last {@link InstantiationError}.
     */
    public CompletableFuture<Response> handle(D data, Request request, Duration maxWait) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        attempt(data, request, System.nanoTime() + maxWait.toNanos(), result);
        return result;
    }

    private void attempt(D data, Request request, long deadline, CompletableFuture<Response> result) {
        handle(data, request).whenComplete((response, error) -> {
            if (error instanceof InstantiationError ie && ie.isPoolLimit() && System.nanoTime() < deadline) {
                whenCapacityChanges(deadline, () -> attempt(data, request, deadline, result),
                        () -> result.completeExceptionally(error));
            } else if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(response);
            }
        });
    }

    /** Runs {@code retry} once capacity changes, or {@code giveUp} at {@code deadline}. */
    private void whenCapacityChanges(long deadline, Runnable retry, Runnable giveUp) {
        var once = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        Runnable onChange = () -> {
            if (once.compareAndSet(false, true)) {
                if (timeout[0] != null) {
                    timeout[0].cancel(false);
                }
                retry.run();
            }
        };
        lock.lock();
        try {
            if (!available.isEmpty() || workers.size() < maxInstances) {
                // Capacity changed between the failure and now: try again at once.
                lock.unlock();
                try {
                    onChange.run();
                } finally {
                    lock.lock();
                }
                return;
            }
            capacityWaiters.add(onChange);
            timeout[0] = timer.schedule(() -> {
                lock.lock();
                try {
                    capacityWaiters.remove(onChange);
                } finally {
                    lock.unlock();
                }
                if (once.compareAndSet(false, true)) {
                    giveUp.run();
                }
            }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-evaluates every worker's policies now: call it after changing a policy value at run
     * time so that live workers see it without a restart.
     */
    public void policiesChanged() {
        lock.lock();
        try {
            for (Worker w : workers) {
                w.wake.signal();
                if (w.current != null) {
                    w.scheduleCheck();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Changes how many idle, never-used instances the pool keeps ready. */
    public void setWarmInstances(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("warmInstances must be 0 or more, was " + count);
        }
        lock.lock();
        try {
            warmInstances = count;
            sparesBlockedUntil = 0;
            replenishSpares();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends idle workers now, beyond {@code keep} of them (the most recently used stay), to free
     * their instances; returns how many were asked to go.
     */
    public int reclaimIdle(int keep) {
        lock.lock();
        try {
            int reclaimed = 0;
            while (available.size() > keep) {
                Worker w = available.pollFirst();
                w.isAvailable = false;
                w.reclaimed = true;
                w.wake.signal();
                reclaimed++;
            }
            return reclaimed;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the pool's counts. */
    public PoolStatistics.Snapshot statistics() {
        lock.lock();
        try {
            int busy = 0;
            for (Worker w : workers) {
                if (w.current != null) {
                    busy++;
                }
            }
            return statistics.snapshot(workers.size(), available.size(), busy, spares, maxInstances, warmInstances);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking requests, lets those in flight finish for up to {@code grace}, then
     * interrupts what still runs. The future completes when every worker has gone and its
     * store was passed to {@link WorkerState#drop}.
     */
    public CompletableFuture<Void> shutdown(Duration grace) {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                warmInstances = 0;
                for (Worker w : workers) {
                    w.wake.signal();
                }
                List<Runnable> waiters = new ArrayList<>(capacityWaiters);
                capacityWaiters.clear();
                timer.execute(() -> waiters.forEach(Runnable::run));
                checkTerminated();
                timer.schedule(this::interruptAll, grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
        return terminated.whenComplete((v, e) -> timer.shutdownNow());
    }

    /** Shuts down with a 30 second grace period and waits for it. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30)).join();
    }

    private void interruptAll() {
        lock.lock();
        try {
            for (Worker w : workers) {
                if (w.current != null) {
                    w.expire("the handler shut down");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by {@link #lock}. */
    private void checkTerminated() {
        if (closed && workers.isEmpty()) {
            terminated.complete(null);
        }
    }

    /** Guarded by {@link #lock}. */
    private String describe() {
        int busy = 0;
        for (Worker w : workers) {
            if (w.current != null) {
                busy++;
            }
        }
        return "the pool is at its limit of " + maxInstances + " instances (live " + workers.size()
                + ", idle " + available.size() + ", busy " + busy + ", waiting for capacity "
                + capacityWaiters.size() + ")";
    }

    /** Guarded by {@link #lock}. */
    private void startWorker(Pending<D> first) {
        Worker worker = new Worker(first);
        workers.add(worker);
        if (first == null) {
            spares++;
        }
        Thread thread = threads.newThread(worker);
        worker.thread = thread;
        thread.start();
    }

    /** Guarded by {@link #lock}: starts workers until {@code warmInstances} spares exist or the pool is full. */
    private void replenishSpares() {
        if (closed || System.nanoTime() - sparesBlockedUntil < 0) {
            return;
        }
        while (spares < warmInstances && workers.size() < maxInstances) {
            startWorker(null);
        }
    }

    /** Guarded by {@link #lock}: wakes those waiting for a worker to be available or to go. */
    private void capacityChanged() {
        if (capacityWaiters.isEmpty()) {
            return;
        }
        List<Runnable> waiters = new ArrayList<>(capacityWaiters);
        capacityWaiters.clear();
        timer.execute(() -> waiters.forEach(Runnable::run));
    }

    /** A request waiting for, or running on, a worker. */
    private record Pending<D>(Request request, D data, CompletableFuture<Response> response) {
    }

    /**
     * One worker: its thread instantiates, then serves requests one at a time (a p2 export is
     * synchronous) until its policies end it. Fields are guarded by {@link #lock} unless noted.
     */
    private final class Worker implements Runnable {
        final Condition wake = lock.newCondition();
        Thread thread;
        WorkerInstance<D> instance;
        Pending<D> assigned;
        Pending<D> current;
        boolean isAvailable;
        boolean spare;
        boolean mayAccept = true;
        boolean reclaimed;
        boolean timedOut;
        long total;
        long since = System.nanoTime();
        long deadline = WorkerState.NO_DEADLINE;
        ScheduledFuture<?> check;

        Worker(Pending<D> first) {
            this.assigned = first;
            this.spare = first == null;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            WorkerInstance<D> made;
            try {
                made = state.instantiate();
            } catch (Throwable e) {
                instantiationFailed(e);
                return;
            }
            statistics.instantiated(System.nanoTime() - start);
            lock.lock();
            try {
                instance = made;
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                for (Pending<D> next = take(); next != null; next = take()) {
                    failure = serve(next);
                    if (failure != null) {
                        break;
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                exit(failure);
            }
        }

        private void instantiationFailed(Throwable e) {
            Pending<D> first;
            lock.lock();
            try {
                first = assigned;
                assigned = null;
                leave();
                if (first == null) {
                    // A spare failed: do not start the next one at once, or a broken component spins.
                    sparesBlockedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            } finally {
                lock.unlock();
            }
            statistics.instantiationFailures.increment();
            if (first != null) {
                first.response.completeExceptionally(new InstantiationError(first.request, first.data, e));
            } else {
                LOG.warn("could not make a warm instance: {}", e.toString(), e);
            }
        }

        /** Guarded by {@link #lock}: forgets this worker. */
        private void leave() {
            workers.remove(this);
            if (isAvailable) {
                available.remove(this);
                isAvailable = false;
            }
            if (spare) {
                spares--;
                spare = false;
            }
            capacityChanged();
            replenishSpares();
            checkTerminated();
        }

        /** Waits for the next request; null when the worker is to end. */
        private Pending<D> take() throws InterruptedException {
            lock.lock();
            try {
                long idleSince = System.nanoTime();
                while (true) {
                    if (assigned != null) {
                        Pending<D> next = assigned;
                        assigned = null;
                        if (!next.response.isDone()) {
                            return next;
                        }
                        continue; // the caller gave up (cancelled) before the worker got to it
                    }
                    ShouldAccept answer = closed || reclaimed || !mayAccept ? ShouldAccept.NEVER
                            : instance.state().shouldAcceptRequest(0, total);
                    if (answer == ShouldAccept.NEVER) {
                        return null;
                    }
                    long expiresAt = instance.expiration().poll(WorkerStatus.IDLE, idleSince);
                    long now = System.nanoTime();
                    if (expiresAt - now <= 0) {
                        statistics.idleExpirations.increment();
                        return null;
                    }
                    setAvailable(answer == ShouldAccept.YES);
                    if (expiresAt == WorkerExpiration.NOT_SCHEDULED) {
                        wake.await();
                    } else {
                        wake.awaitNanos(expiresAt - now);
                    }
                }
            } finally {
                if (isAvailable && assigned == null) {
                    setAvailable(false);
                }
                lock.unlock();
            }
        }

        /** Guarded by {@link #lock}. */
        private void setAvailable(boolean value) {
            if (value == isAvailable) {
                return;
            }
            isAvailable = value;
            if (value) {
                available.addLast(this);
                capacityChanged();
            } else {
                available.remove(this);
            }
        }

        /** Runs one request; returns why the worker must end, or null. */
        private Throwable serve(Pending<D> pending) {
            lock.lock();
            try {
                if (spare) {
                    spare = false;
                    spares--;
                    replenishSpares();
                }
                current = pending;
                total++;
                since = System.nanoTime();
                timedOut = false;
            } finally {
                lock.unlock();
            }
            CompletableFuture<Response> response = pending.response;
            Throwable failure = null;
            try {
                long requestDeadline = instance.state().onRequestStart(instance.store(), pending.data);
                lock.lock();
                try {
                    deadline = requestDeadline;
                    scheduleCheck();
                } finally {
                    lock.unlock();
                }
                instance.proxy().handle(instance.store(), pending.request, response);
                if (!response.isDone()) {
                    statistics.neverSet.increment();
                    response.completeExceptionally(new GuestResponseError(GuestResponseError.NEVER_SET));
                }
            } catch (CoreInterrupted e) {
                failure = timedOut ? new ExpirationError() : e;
            } catch (GuestTrapException | CoreTrap e) {
                statistics.traps.increment();
                response.completeExceptionally(new TrapError(e));
                failure = e;
            } catch (RuntimeException | StackOverflowError e) {
                statistics.traps.increment();
                response.completeExceptionally(new TrapError(e));
                failure = e;
            } finally {
                lock.lock();
                try {
                    current = null;
                    deadline = WorkerState.NO_DEADLINE;
                    if (check != null) {
                        check.cancel(false);
                        check = null;
                    }
                    if (timedOut) {
                        mayAccept = false;
                    }
                } finally {
                    lock.unlock();
                }
                // An interruption aimed at this request must not reach the next one.
                Thread.interrupted();
            }
            if (timedOut && failure == null) {
                failure = new ExpirationError();
            }
            if (!response.isDone()) {
                response.completeExceptionally(failure != null ? failure : new GuestResponseError(GuestResponseError.NEVER_SET));
            }
            return failure;
        }

        /** Guarded by {@link #lock}: arranges for the running request's deadline and expiration to be checked. */
        void scheduleCheck() {
            if (check != null) {
                check.cancel(false);
                check = null;
            }
            Pending<D> running = current;
            long expiresAt = Math.min(deadline, instance.expiration().poll(WorkerStatus.REQUESTS, since));
            if (expiresAt == WorkerExpiration.NOT_SCHEDULED) {
                return;
            }
            long delay = expiresAt - System.nanoTime();
            if (delay <= 0) {
                expire("guest timed out");
                return;
            }
            check = timer.schedule(() -> {
                lock.lock();
                try {
                    if (current == running) {
                        scheduleCheck();
                    }
                } finally {
                    lock.unlock();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }

        /** Guarded by {@link #lock}: fails the running request and interrupts the guest. */
        void expire(String why) {
            if (current == null || timedOut) {
                return;
            }
            timedOut = true;
            mayAccept = false;
            statistics.requestExpirations.increment();
            LOG.debug("worker request expired: {}", why);
            current.response.completeExceptionally(new ExpirationError());
            thread.interrupt();
        }

        private void exit(Throwable failure) {
            try {
                instance.state().drop(instance.store(), failure);
            } catch (RuntimeException e) {
                LOG.warn("WorkerState.drop failed: {}", e.toString(), e);
            }
            lock.lock();
            try {
                leave();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Builds a {@link ProxyHandler}. */
    public static final class Builder<D> {
        private final HandlerState<D> state;
        private int maxInstances = Integer.MAX_VALUE;
        private int warmInstances;
        private ThreadFactory threads;
        private String name;

        private Builder(HandlerState<D> state) {
            this.state = java.util.Objects.requireNonNull(state, "state");
        }

        /** The most instances alive at once (default: no limit). */
        public Builder<D> maxInstances(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxInstances must be at least 1, was " + value);
            }
            this.maxInstances = value;
            return this;
        }

        /** How many idle, never-used instances to keep ready (default 0). */
        public Builder<D> warmInstances(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("warmInstances must be 0 or more, was " + value);
            }
            this.warmInstances = value;
            return this;
        }

        /** The threads workers run on (default: virtual threads where the JVM has them). */
        public Builder<D> threadFactory(ThreadFactory value) {
            this.threads = value;
            return this;
        }

        /** A name for the pool's threads. */
        public Builder<D> name(String value) {
            this.name = value;
            return this;
        }

        public ProxyHandler<D> build() {
            if (warmInstances > maxInstances) {
                throw new IllegalArgumentException("warmInstances (" + warmInstances
                        + ") cannot exceed maxInstances (" + maxInstances + ")");
            }
            return new ProxyHandler<>(this);
        }
    }
}
