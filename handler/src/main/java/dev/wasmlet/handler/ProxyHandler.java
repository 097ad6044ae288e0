package dev.wasmlet.handler;

import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.host.Store;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
 * The pool holds at most {@code maxInstances} instances, and draws them from a {@link
 * PoolCapacity} (its own, or one shared with other pools) that may limit instances and their
 * linear memory further; when the capacity is exhausted, idle instances of the pools sharing it
 * are ended to make room. When a request needs a new worker and none can be had, {@link
 * #handle(Object, Request)} fails at once with an {@link InstantiationError} caused by {@link
 * PoolLimitError}, which gives the request back; {@link #handle(Object, Request, Duration)}
 * instead waits, bounded, for a worker to become available or to go, and tries again.
 *
 * @param <D> data the caller attaches to each request, passed to {@link
 *     WorkerState#onRequestStart}
 */
public final class ProxyHandler<D> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    private static final AtomicInteger HANDLERS = new AtomicInteger();
    /** {@link #offer}'s argument when no capacity was reserved for the request. */
    private static final long NOT_RESERVED = -1;
    /** How long after a warm instance failed to be made before the next is tried. */
    private static final long SPARE_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HandlerState<D> state;
    private final int maxInstances;
    private final PoolCapacity capacity;
    private final PoolCapacity.Member member = new CapacityMember();
    /**
     * Runs workers. Threads outlive a worker and serve the next one (a platform thread costs
     * about 0.1 ms to start and join, as much as making a small instance); idle ones end after
     * {@link WorkerThreads#KEEP_ALIVE}, and all of them once the pool terminated.
     */
    private final ThreadPoolExecutor workerThreads;
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
    /** Guarded by {@link #lock}: counts the times a worker became available or went. */
    private long capacityGeneration;
    /** Guarded by {@link #lock}: no new spare is started before this time, after one failed. */
    private long sparesBlockedUntil;
    /**
     * The linear memory the latest instance had when it was made: what a new one is charged
     * until it is made. Written under {@link #lock}.
     */
    private volatile long instanceBytes;
    /** Guarded by {@link #lock}: the linear memory charged to this pool's live instances. */
    private long chargedBytes;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Closed once the pool terminated: what it alone uses, such as its component runtime. */
    private final List<AutoCloseable> closeOnTermination;
    /** Guarded by itself: the threads this pool started that may still run (housekeeper and workers). */
    private final List<Thread> ownThreads = new ArrayList<>();
    /**
     * Guarded by {@link #lock}: completions decided under the lock, run by {@link #unlock()} after
     * it is released, so that no caller's callback ever runs while the pool is locked.
     */
    private final List<Runnable> deferred = new ArrayList<>();

    private ProxyHandler(Builder<D> builder) {
        this.state = builder.state;
        this.maxInstances = builder.maxInstances;
        this.capacity = builder.capacity != null ? builder.capacity : PoolCapacity.unlimited();
        this.warmInstances = builder.warmInstances;
        this.closeOnTermination = List.copyOf(builder.closeOnTermination);
        String name = builder.name != null ? builder.name : "wasmlet-" + HANDLERS.incrementAndGet();
        ThreadFactory threads = builder.threads != null ? builder.threads : WorkerThreads.factory(name + "-worker-");
        this.workerThreads = WorkerThreads.pool(r -> {
            Thread t = threads.newThread(r);
            started(t);
            return t;
        });
        ScheduledThreadPoolExecutor housekeeper = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-housekeeper");
            t.setDaemon(true);
            started(t);
            return t;
        });
        // At termination, pending checks and timeouts are moot, but tasks already queued (a
        // waiting caller's retry, which answers it) must still run.
        housekeeper.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        housekeeper.setRemoveOnCancelPolicy(true);
        this.timer = housekeeper;
        capacity.join(member);
        lock.lock();
        try {
            replenishSpares();
        } finally {
            unlock();
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
        dispatch(pending);
        return pending.response;
    }

    /** Hands {@code pending} to an available worker or a new one, or fails it. */
    private void dispatch(Pending<D> pending) {
        statistics.requests.increment();
        if (offer(pending, NOT_RESERVED)) {
            return;
        }
        // The capacity is exhausted: end idle instances of the pools sharing it until a new one
        // fits, with no pool locked (each locks itself), and keep that room for this request.
        long bytes = instanceBytes;
        String refused = capacity.reserveMakingRoom(bytes);
        if (refused == null) {
            offer(pending, bytes);
            return;
        }
        lock.lock();
        try {
            refuse(pending, refused + ", and no idle instance was left to end; this pool " + describe());
        } finally {
            unlock();
        }
    }

    /**
     * Hands {@code pending} to an available worker or a new one, or fails it. A new worker is
     * charged {@code reservedBytes} already reserved for it, or else reserves its charge; when
     * the capacity has no room for it, returns false without failing {@code pending}.
     */
    private boolean offer(Pending<D> pending, long reservedBytes) {
        lock.lock();
        try {
            long charge = reservedBytes;
            boolean startNew = !closed && available.isEmpty() && workers.size() < maxInstances;
            if (startNew && charge == NOT_RESERVED) {
                charge = instanceBytes;
                if (capacity.reserve(charge, false) != null) {
                    return false;
                }
            } else if (!startNew && charge != NOT_RESERVED) {
                giveBack(charge);
            }
            if (closed) {
                failLater(pending.response, new HandlerClosedError("the handler is shutting down"));
            } else if (startNew) {
                launch(pending, charge);
            } else if (!available.isEmpty()) {
                Worker worker = available.pollLast();
                worker.isAvailable = false;
                worker.assigned = pending;
                worker.wake.signal();
            } else {
                refuse(pending, "the pool is at its limit of " + maxInstances + " instances " + describe());
            }
            replenishSpares();
            return true;
        } finally {
            unlock();
        }
    }

    /** Guarded by {@link #lock}: fails {@code pending} with a {@link PoolLimitError}, giving the request back. */
    private void refuse(Pending<D> pending, String why) {
        statistics.poolLimit.increment();
        pending.refusedAt = capacityGeneration;
        failLater(pending.response, new InstantiationError(pending.request, pending.data, new PoolLimitError(why)));
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
        Pending<D> pending = new Pending<>(request, data, new CompletableFuture<>());
        dispatch(pending);
        pending.response.whenComplete((response, error) -> {
            if (error instanceof InstantiationError ie && ie.isPoolLimit() && System.nanoTime() - deadline < 0) {
                whenCapacityChanges(pending, deadline, () -> attempt(data, request, deadline, result),
                        () -> result.completeExceptionally(error));
            } else if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(response);
            }
        });
    }

    /**
     * Runs {@code retry} once capacity changes after {@code refused} was refused, or {@code giveUp}
     * at {@code deadline}.
     */
    private void whenCapacityChanges(Pending<D> refused, long deadline, Runnable retry, Runnable giveUp) {
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
            // Capacity changed between the failure and now (or the pool closed): try again at once.
            // Not merely "the pool has room": when instantiate() itself reported the limit, the
            // pool has room and retrying at once would instantiate in a loop until the deadline.
            if (closed || capacityGeneration != refused.refusedAt) {
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
                    unlock();
                }
                if (once.compareAndSet(false, true)) {
                    giveUp.run();
                }
            }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            unlock();
        }
    }

    /**
     * Re-evaluates every worker's policies now: call it after changing a policy value at run
     * time so that live workers see it without a restart.
     */
    public void policiesChanged() {
        lock.lock();
        try {
            // Withdraw now, not when each worker wakes, every idle worker the new values no longer
            // let accept: otherwise a request arriving right after the change could still go to one.
            for (Worker w : new ArrayList<>(available)) {
                if (w.instance.state().shouldAcceptRequest(0, w.total) != ShouldAccept.YES) {
                    w.setAvailable(false);
                }
            }
            for (Worker w : workers) {
                w.wake.signal();
                if (w.current != null) {
                    w.scheduleCheck();
                }
            }
        } finally {
            unlock();
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
            unlock();
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
                reclaim(available.peekFirst());
                reclaimed++;
            }
            return reclaimed;
        } finally {
            unlock();
        }
    }

    /** Guarded by {@link #lock}: asks the idle worker {@code w} to go, and releases its charge now. */
    private void reclaim(Worker w) {
        w.setAvailable(false);
        w.reclaimed = true;
        w.wake.signal();
        release(w);
        statistics.reclaims.increment();
    }

    /** Guarded by {@link #lock}: the longest-idle available worker (a warm spare when {@code spare}), or null. */
    private Worker idlest(boolean spare) {
        for (Worker w : available) {
            if (!spare || w.spare) {
                return w;
            }
        }
        return null;
    }

    /** Guarded by {@link #lock}: gives back {@code w}'s charge to the capacity, once. */
    private void release(Worker w) {
        if (!w.holdsCharge) {
            return;
        }
        w.holdsCharge = false;
        chargedBytes -= w.charge;
        giveBack(w.charge);
    }

    /** Guarded by {@link #lock}: gives back one instance of {@code bytes}, and tells the other pools once unlocked. */
    private void giveBack(long bytes) {
        capacity.release(bytes);
        deferred.add(() -> capacity.released(member));
    }

    /** Guarded by {@link #lock}: charges {@code w} the {@code bytes} of memory it has now. */
    private void recharge(Worker w, long bytes) {
        if (!w.holdsCharge || bytes == w.charge) {
            return;
        }
        capacity.charge(bytes - w.charge);
        chargedBytes += bytes - w.charge;
        w.charge = bytes;
        if (capacity.overBudget()) {
            deferred.add(capacity::trim);
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
            return statistics.snapshot(workers.size(), available.size(), busy, spares, maxInstances, warmInstances,
                    chargedBytes);
        } finally {
            unlock();
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
            unlock();
        }
        return terminated.whenComplete((v, e) -> {
            timer.shutdown();
            closeOwned();
        });
    }

    /** Closes what {@link Builder#closeOnTermination} gave; idempotent, as every {@link #shutdown} calls it. */
    private void closeOwned() {
        for (AutoCloseable resource : closeOnTermination) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} after the pool terminated failed: {}", resource, e.toString(), e);
            }
        }
    }

    /** Shuts down with a 30 second grace period and waits for it, threads included. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
        try {
            awaitTermination(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the pool has terminated (see {@link #shutdown}) and every thread it started has
     * exited. The future {@link #shutdown} returns completes on one of the pool's own threads,
     * just before that thread ends; a servlet container that checks for threads left behind right
     * after the application stopped (Tomcat does) needs this wait, from a thread of its own.
     *
     * @return whether everything ended within {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // terminated anyway
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
        timer.shutdown();
        List<Thread> all;
        synchronized (ownThreads) {
            all = new ArrayList<>(ownThreads);
        }
        for (Thread t : all) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive();
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Records a thread this pool starts, forgetting those that ended. */
    private void started(Thread t) {
        synchronized (ownThreads) {
            ownThreads.removeIf(old -> !old.isAlive() && old.getState() == Thread.State.TERMINATED);
            ownThreads.add(t);
        }
    }

    private void interruptAll() {
        lock.lock();
        try {
            for (Worker w : workers) {
                if (w.current != null) {
                    w.expire(new HandlerClosedError("the handler shut down before the guest answered"));
                }
            }
        } finally {
            unlock();
        }
    }

    /** Guarded by {@link #lock}. */
    private void checkTerminated() {
        if (closed && workers.isEmpty()) {
            capacity.leave(member);
            workerThreads.shutdown();
            terminated.complete(null);
        }
    }

    /** Guarded by {@link #lock}: the pool's counts, for a {@link PoolLimitError}. */
    private String describe() {
        int busy = 0;
        for (Worker w : workers) {
            if (w.current != null) {
                busy++;
            }
        }
        return "(live " + workers.size() + ", idle " + available.size() + ", busy " + busy + ", waiting for capacity "
                + capacityWaiters.size() + ")";
    }

    /** Guarded by {@link #lock}: starts a worker, charged {@code bytes} already reserved from the capacity. */
    private void launch(Pending<D> first, long bytes) {
        chargedBytes += bytes;
        Worker worker = new Worker(first, bytes);
        workers.add(worker);
        if (first == null) {
            spares++;
        }
        workerThreads.execute(worker);
    }

    /**
     * Guarded by {@link #lock}: starts workers until {@code warmInstances} spares exist, the pool
     * is full or the capacity has no room (a spare never ends another instance).
     */
    private void replenishSpares() {
        if (closed || System.nanoTime() - sparesBlockedUntil < 0) {
            return;
        }
        while (spares < warmInstances && workers.size() < maxInstances) {
            long bytes = instanceBytes;
            if (capacity.reserve(bytes, true) != null) {
                return;
            }
            launch(null, bytes);
        }
    }

    private void replenishAfterBackoff() {
        lock.lock();
        try {
            replenishSpares();
        } finally {
            unlock();
        }
    }

    /** Releases the lock, then runs the completions decided while it was held. */
    private void unlock() {
        if (deferred.isEmpty() || lock.getHoldCount() > 1) {
            lock.unlock();
            return;
        }
        List<Runnable> run = new ArrayList<>(deferred);
        deferred.clear();
        lock.unlock();
        for (Runnable r : run) {
            r.run();
        }
    }

    /** Guarded by {@link #lock}: fails {@code future} once the lock is released. */
    private void failLater(CompletableFuture<?> future, Throwable error) {
        deferred.add(() -> future.completeExceptionally(error));
    }

    /** Guarded by {@link #lock}: wakes those waiting for a worker to be available or to go. */
    private void capacityChanged() {
        capacityGeneration++;
        if (capacityWaiters.isEmpty()) {
            return;
        }
        List<Runnable> waiters = new ArrayList<>(capacityWaiters);
        capacityWaiters.clear();
        timer.execute(() -> waiters.forEach(Runnable::run));
    }

    /** This pool as the capacity sees it; every call locks the pool, so none may come with another pool locked. */
    private final class CapacityMember implements PoolCapacity.Member {
        @Override
        public long idleSince(boolean spare) {
            lock.lock();
            try {
                Worker w = idlest(spare);
                return w == null ? PoolCapacity.NOT_IDLE : w.idleSince;
            } finally {
                unlock();
            }
        }

        @Override
        public boolean reclaim(boolean spare) {
            lock.lock();
            try {
                Worker w = idlest(spare);
                if (w == null) {
                    return false;
                }
                ProxyHandler.this.reclaim(w);
                return true;
            } finally {
                unlock();
            }
        }

        @Override
        public void capacityReleased() {
            lock.lock();
            try {
                capacityChanged();
                replenishSpares();
            } finally {
                unlock();
            }
        }
    }

    /** A request waiting for, or running on, a worker. */
    private static final class Pending<D> {
        final Request request;
        final D data;
        final CompletableFuture<Response> response;
        /** Guarded by {@link #lock}: {@link #capacityGeneration} when the pool could not take it. */
        long refusedAt;

        Pending(Request request, D data, CompletableFuture<Response> response) {
            this.request = request;
            this.data = data;
            this.response = response;
        }
    }

    /**
     * One worker: its thread instantiates, then serves requests one at a time (a p2 export is
     * synchronous) until its policies end it. Fields are guarded by {@link #lock} unless noted.
     */
    private final class Worker implements Runnable {
        final Condition wake = lock.newCondition();
        /** The pool thread running this worker, which runs others before and after it. */
        Thread thread;
        WorkerInstance<D> instance;
        Pending<D> assigned;
        Pending<D> current;
        boolean isAvailable;
        boolean spare;
        boolean mayAccept = true;
        boolean reclaimed;
        boolean timedOut;
        /** Why the running request was expired, when {@link #timedOut}. */
        Throwable expiredWith;
        long total;
        long since = System.nanoTime();
        /** When it last became available. */
        long idleSince;
        long deadline = WorkerState.NO_DEADLINE;
        ScheduledFuture<?> check;
        /** The linear memory charged to the capacity for this worker, while {@link #holdsCharge}. */
        long charge;
        boolean holdsCharge = true;

        Worker(Pending<D> first, long charge) {
            this.assigned = first;
            this.spare = first == null;
            this.charge = charge;
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
            long bytes = made.memoryBytes().getAsLong();
            lock.lock();
            try {
                thread = Thread.currentThread();
                instance = made;
                instanceBytes = bytes;
                recharge(this, bytes);
            } finally {
                unlock();
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
                if (first == null) {
                    // A spare failed: do not start the next one at once, or a broken component spins.
                    // Set before leave(), which would otherwise start the next spare right away.
                    sparesBlockedUntil = System.nanoTime() + SPARE_BACKOFF_NANOS;
                    timer.schedule(ProxyHandler.this::replenishAfterBackoff, SPARE_BACKOFF_NANOS, TimeUnit.NANOSECONDS);
                }
                leave();
                if (first != null) {
                    first.refusedAt = capacityGeneration;
                }
            } finally {
                unlock();
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
            release(this);
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
                        if (total == 0 && !spare) {
                            // The caller gave up before this worker's first request started: the
                            // fresh instance is as good as a spare, and is counted as one.
                            spare = true;
                            spares++;
                        }
                        continue;
                    }
                    ShouldAccept answer = closed || reclaimed || !mayAccept ? ShouldAccept.NEVER
                            : instance.state().shouldAcceptRequest(0, total);
                    if (answer == ShouldAccept.NEVER) {
                        return null;
                    }
                    if (capacity.overBudget()) {
                        // Over the memory budget, no instance waits idle: this one goes first.
                        statistics.reclaims.increment();
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
                unlock();
            }
        }

        /** Guarded by {@link #lock}. */
        private void setAvailable(boolean value) {
            if (value == isAvailable) {
                return;
            }
            isAvailable = value;
            if (value) {
                idleSince = System.nanoTime();
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
                unlock();
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
                    unlock();
                }
                instance.proxy().handle(instance.store(), pending.request, response);
                if (!response.isDone()) {
                    statistics.neverSet.increment();
                    response.completeExceptionally(new GuestResponseError(GuestResponseError.NEVER_SET));
                }
            } catch (CoreInterrupted e) {
                failure = timedOut ? expiredWith : e;
            } catch (Throwable e) {
                // A trap, and any other failure (a host bug, an Error): the caller is answered, never orphaned.
                statistics.traps.increment();
                response.completeExceptionally(new TrapError(e));
                failure = e;
            } finally {
                long bytes = instance.memoryBytes().getAsLong();
                lock.lock();
                try {
                    recharge(this, bytes);
                    current = null;
                    deadline = WorkerState.NO_DEADLINE;
                    instance.store().interruptAt(Store.NO_INTERRUPT);
                    if (check != null) {
                        check.cancel(false);
                        check = null;
                    }
                    if (timedOut) {
                        mayAccept = false;
                    }
                } finally {
                    unlock();
                }
                // An interruption aimed at this request must not reach the next one.
                Thread.interrupted();
            }
            if (timedOut && failure == null) {
                failure = expiredWith;
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
            // An engine that cannot see the interrupt while guest code runs stops the guest at this time itself.
            instance.store().interruptAt(expiresAt == WorkerExpiration.NOT_SCHEDULED ? Store.NO_INTERRUPT : expiresAt);
            if (expiresAt == WorkerExpiration.NOT_SCHEDULED) {
                return;
            }
            long delay = expiresAt - System.nanoTime();
            if (delay <= 0) {
                expire(new ExpirationError());
                return;
            }
            check = timer.schedule(() -> {
                lock.lock();
                try {
                    if (current == running) {
                        scheduleCheck();
                    }
                } finally {
                    unlock();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }

        /** Guarded by {@link #lock}: fails the running request with {@code error} and interrupts the guest. */
        void expire(Throwable error) {
            if (current == null || timedOut) {
                return;
            }
            timedOut = true;
            expiredWith = error;
            mayAccept = false;
            statistics.requestExpirations.increment();
            LOG.debug("worker request expired: {}", error.getMessage());
            failLater(current.response, error);
            thread.interrupt();
        }

        private void exit(Throwable failure) {
            try {
                instance.state().drop(instance.store(), failure);
            } catch (RuntimeException e) {
                LOG.warn("WorkerState.drop failed: {}", e.toString(), e);
            } finally {
                lock.lock();
                try {
                    leave();
                } finally {
                    unlock();
                }
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
        private PoolCapacity capacity;
        private final List<AutoCloseable> closeOnTermination = new ArrayList<>();

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

        /**
         * The capacity the pool draws its instances from, shared with every other pool given the
         * same object (default: one of its own, without limits beyond {@code maxInstances}).
         */
        public Builder<D> capacity(PoolCapacity value) {
            this.capacity = java.util.Objects.requireNonNull(value, "capacity");
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

        /**
         * Something only this pool uses, such as the component runtime its instances come from:
         * closed after the pool terminated, once every worker has dropped its instance. Must
         * tolerate being closed more than once.
         */
        public Builder<D> closeOnTermination(AutoCloseable resource) {
            this.closeOnTermination.add(java.util.Objects.requireNonNull(resource, "resource"));
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
