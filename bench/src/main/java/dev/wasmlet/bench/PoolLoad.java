package dev.wasmlet.bench;

import dev.wasmlet.handler.ComponentHandlerState;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.WorkerPolicy;
import dev.wasmlet.handler.http.HttpComponent;
import dev.wasmlet.handler.http.HttpSettings;
import dev.wasmlet.runtime.ComponentRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * (e) The worker pool under load, without HTTP: callers that each send {@code GET /} through
 * {@code ProxyHandler.handle}, read the whole response and send the next (a closed loop), for
 * each fixture, pool set-up and number of callers. Prints a Markdown table: requests per second,
 * p50 and p99 of a request's time, requests that failed, and instances made.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.wasmlet.bench.PoolLoad [FIXTURE ...]
 * </pre>
 *
 * Fixtures default to {@code c-freestanding js-0.2.10}; {@code -Dwasmlet.bench.callers=1,4,16},
 * {@code -Dwasmlet.bench.warmup=2} and {@code -Dwasmlet.bench.seconds=8} (per row) change the
 * rest. A request that gets no answer within 10 s is expired by the pool and counts as failed.
 */
public final class PoolLoad {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private PoolLoad() {
    }

    /** How the pool is set up: its reuse count and warm spares. */
    enum Setup {
        FRESH_WITH_SPARES("reuse 1 + 4 spares", 1, 4),
        FRESH("reuse 1, no spares", 1, 0),
        REUSE("reuse unlimited", Long.MAX_VALUE, 0);

        final String label;
        final long reuse;
        final int spares;

        Setup(String label, long reuse, int spares) {
            this.label = label;
            this.reuse = reuse;
            this.spares = spares;
        }
    }

    /** What one phase saw: each successful request's time in nanoseconds, failures, wall time, instances made. */
    private record Phase(long[] nanos, long failed, long elapsedNanos, long instantiations) {
        double perSecond() {
            return nanos.length * 1e9 / elapsedNanos;
        }

        double percentileMillis(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1);
            return nanos[Math.max(0, i)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> fixtures = args.length > 0 ? List.of(args) : List.of("c-freestanding", "js-0.2.10");
        int[] callerCounts = Arrays.stream(System.getProperty("wasmlet.bench.callers", "1,4,16").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        long warmup = TimeUnit.SECONDS.toNanos(Long.getLong("wasmlet.bench.warmup", 2));
        long measure = TimeUnit.SECONDS.toNanos(Long.getLong("wasmlet.bench.seconds", 8));
        System.out.println("| fixture | pool | callers | req/s | p50 ms | p99 ms | failed | instances made |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        try (ComponentRuntime runtime = ComponentRuntime.withDefaultEngine(Fixtures.sharedCache())) {
            for (String fixture : fixtures) {
                long began = System.nanoTime();
                HttpComponent component = HttpComponent.load(runtime, Fixtures.fixture(fixture), HttpSettings.defaults());
                System.err.printf("%s loaded in %d ms%n", fixture, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                // Unmeasured: the JIT compiles host and guest code here, not in the first row.
                measure(fixture, component, Setup.FRESH, 4, 3 * warmup, 0);
                for (Setup setup : Setup.values()) {
                    for (int callers : callerCounts) {
                        Phase phase = measure(fixture, component, setup, callers, warmup, measure);
                        System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.3f | %.3f | %d | %d |",
                                fixture, setup.label, callers, phase.perSecond(), phase.percentileMillis(0.50),
                                phase.percentileMillis(0.99), phase.failed(), phase.instantiations()));
                    }
                }
            }
        }
    }

    /** Runs {@code callers} on a new pool of {@code setup}: {@code warmup} nanoseconds unmeasured, then {@code measure}. */
    private static Phase measure(String fixture, HttpComponent component, Setup setup, int callers, long warmup,
                                 long measure) throws Exception {
        WorkerPolicy policy = new WorkerPolicy().maxInstanceReuseCount(setup.reuse).requestTimeout(REQUEST_TIMEOUT);
        ComponentHandlerState<Object> state = new ComponentHandlerState<>(fixture, component::instantiate, List.of(),
                policy, false, line -> { }, line -> { }, String::valueOf);
        ProxyHandler<Object> pool = ProxyHandler.builder(state).warmInstances(setup.spares)
                .name("load-" + fixture).build();
        try {
            run(pool, callers, warmup, 0);
            return run(pool, callers, measure, pool.statistics().instantiations());
        } finally {
            pool.shutdown(Duration.ofSeconds(10));
            pool.awaitTermination(Duration.ofSeconds(30));
        }
    }

    /** Runs {@code callers} closed-loop callers for {@code nanos}; {@code madeBefore}: the pool's instantiations until then. */
    private static Phase run(ProxyHandler<Object> pool, int callers, long nanos, long madeBefore)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + nanos;
        long[][] times = new long[callers][];
        int[] counts = new int[callers];
        long[] failures = new long[callers];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[4096];
                int n = 0;
                while (System.nanoTime() - end < 0) {
                    long t0 = System.nanoTime();
                    try {
                        Fixtures.drain(pool.handle(null, Fixtures.get("/"), REQUEST_TIMEOUT)
                                .get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS))
                                .get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        failures[caller]++;
                        continue;
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t0;
                }
                times[caller] = mine;
                counts[caller] = n;
            }, "caller-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < callers; c++) {
            System.arraycopy(times[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Phase(all, Arrays.stream(failures).sum(), elapsed, pool.statistics().instantiations() - madeBefore);
    }
}
