package dev.wasmlet.handler;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Makes worker threads: virtual threads on a JVM that has them (21+), else platform threads. */
final class WorkerThreads {
    /** Stack of a platform worker thread: guest code compiled to JVM bytecode recurses deeply. */
    private static final long PLATFORM_STACK_BYTES = 8L << 20;
    /** How long a worker thread waits for the next worker before it ends. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private WorkerThreads() {
    }

    /**
     * An unbounded pool of worker threads from {@code threads}: a worker starts at once on an idle
     * thread or a new one, never queued (the pool's capacity bounds the workers).
     */
    static ThreadPoolExecutor pool(ThreadFactory threads) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), threads);
    }

    static ThreadFactory factory(String prefix) {
        ThreadFactory virtual = virtualThreads(prefix);
        if (virtual != null) {
            return virtual;
        }
        AtomicLong next = new AtomicLong();
        return r -> {
            Thread t = new Thread(null, r, prefix + next.getAndIncrement(), PLATFORM_STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code Thread.ofVirtual().name(prefix, 0).factory()}, through reflection so the code runs on 17. */
    private static ThreadFactory virtualThreads(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Method name = builderType.getMethod("name", String.class, long.class);
            builder = name.invoke(builder, prefix, 0L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
