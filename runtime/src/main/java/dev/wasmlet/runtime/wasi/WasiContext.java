package dev.wasmlet.runtime.wasi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The WASI configuration of one instance: environment, arguments, stdio, clocks, randomness.
 * Immutable; put it in the instance's {@link dev.wasmlet.runtime.host.Store} under {@code
 * WasiContext.class}. Filesystem access is limited to read-only directory preopens, none by
 * default.
 */
public final class WasiContext {
    private static final SecureRandom SHARED_RANDOM = new SecureRandom();

    private final List<Map.Entry<String, String>> environment;
    private final List<List<Object>> environmentTuples;
    private final List<String> arguments;
    private final ByteSource stdin;
    private final OutputSink stdout;
    private final OutputSink stderr;
    private final ByteSink stdoutSink;
    private final ByteSink stderrSink;
    private final WasiClock clock;
    private final SecureRandom random;
    private final long insecureSeedLow;
    private final long insecureSeedHigh;
    private final List<Preopen> preopens;

    /**
     * A host directory the guest sees, read-only, under {@code guestPath}.
     *
     * @param hostDirectory the directory's real path
     * @param guestPath the name the guest sees it under, such as {@code /static}
     */
    public record Preopen(Path hostDirectory, String guestPath) {
    }

    private WasiContext(Builder b) {
        this.environment = List.copyOf(b.environment);
        List<List<Object>> tuples = new ArrayList<>(environment.size());
        for (Map.Entry<String, String> e : environment) {
            tuples.add(List.of(e.getKey(), e.getValue()));
        }
        this.environmentTuples = List.copyOf(tuples);
        this.arguments = List.copyOf(b.arguments);
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.stdoutSink = ByteSinks.of(stdout);
        this.stderrSink = ByteSinks.of(stderr);
        this.clock = b.clock;
        this.random = b.random;
        if (b.seeded) {
            this.insecureSeedLow = b.seedLow;
            this.insecureSeedHigh = b.seedHigh;
        } else {
            this.insecureSeedLow = ThreadLocalRandom.current().nextLong();
            this.insecureSeedHigh = ThreadLocalRandom.current().nextLong();
        }
        this.preopens = List.copyOf(b.preopens);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No environment, no arguments, output discarded, the system clocks. */
    public static WasiContext defaults() {
        return builder().build();
    }

    /** The environment variables, in order. */
    public List<Map.Entry<String, String>> environment() {
        return environment;
    }

    /** The environment as {@code get-environment} returns it: {@code list<tuple<string, string>>}. */
    List<List<Object>> environmentTuples() {
        return environmentTuples;
    }

    public List<String> arguments() {
        return arguments;
    }

    /** What the guest's stdin reads; shared by every {@code get-stdin} stream. */
    public ByteSource stdin() {
        return stdin;
    }

    public OutputSink stdout() {
        return stdout;
    }

    public OutputSink stderr() {
        return stderr;
    }

    ByteSink stdoutSink() {
        return stdoutSink;
    }

    ByteSink stderrSink() {
        return stderrSink;
    }

    public WasiClock clock() {
        return clock;
    }

    /** The source of {@code wasi:random/random}. */
    public SecureRandom random() {
        return random;
    }

    /** The value of {@code insecure-seed}: the same for every call. */
    public long insecureSeedLow() {
        return insecureSeedLow;
    }

    public long insecureSeedHigh() {
        return insecureSeedHigh;
    }

    /** The read-only directory preopens, in order. */
    public List<Preopen> preopens() {
        return preopens;
    }

    /** Builds a {@link WasiContext}. Not thread-safe. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> environment = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private ByteSource stdin = ByteSources.empty();
        private OutputSink stdout = OutputSink.discard();
        private OutputSink stderr = OutputSink.discard();
        private WasiClock clock = WasiClock.system();
        private SecureRandom random = SHARED_RANDOM;
        private boolean seeded;
        private long seedLow;
        private long seedHigh;
        private final List<Preopen> preopens = new ArrayList<>();

        private Builder() {
        }

        /** Adds the environment variable {@code name=value}. */
        public Builder env(String name, String value) {
            environment.add(Map.entry(name, value));
            return this;
        }

        /** Replaces the environment with {@code variables}, in order. */
        public Builder environment(List<Map.Entry<String, String>> variables) {
            environment.clear();
            for (Map.Entry<String, String> e : variables) {
                env(e.getKey(), e.getValue());
            }
            return this;
        }

        /** Replaces the arguments; the first is conventionally the program name. */
        public Builder arguments(List<String> args) {
            arguments.clear();
            for (String a : args) {
                arguments.add(Objects.requireNonNull(a, "argument"));
            }
            return this;
        }

        public Builder arguments(String... args) {
            return arguments(List.of(args));
        }

        /** What stdin reads; by default it is at its end from the start. */
        public Builder stdin(ByteSource source) {
            this.stdin = Objects.requireNonNull(source, "stdin");
            return this;
        }

        public Builder stdout(OutputSink sink) {
            this.stdout = Objects.requireNonNull(sink, "stdout");
            return this;
        }

        public Builder stderr(OutputSink sink) {
            this.stderr = Objects.requireNonNull(sink, "stderr");
            return this;
        }

        public Builder clock(WasiClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Fixes the value of {@code insecure-seed}; by default it is random per context. */
        public Builder insecureSeed(long low, long high) {
            this.seeded = true;
            this.seedLow = low;
            this.seedHigh = high;
            return this;
        }

        /**
         * Lets the guest read {@code hostDirectory} and what is under it, as {@code guestPath}.
         * Symbolic links that lead out of the directory are refused.
         *
         * @throws UncheckedIOException when {@code hostDirectory} is not an existing directory
         */
        public Builder preopenReadOnly(Path hostDirectory, String guestPath) {
            Objects.requireNonNull(guestPath, "guestPath");
            try {
                Path real = hostDirectory.toRealPath();
                if (!Files.isDirectory(real)) {
                    throw new NotDirectoryException(hostDirectory.toString());
                }
                preopens.add(new Preopen(real, guestPath));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot preopen " + hostDirectory, e);
            }
            return this;
        }

        public WasiContext build() {
            return new WasiContext(this);
        }
    }
}
