package dev.wasmlet.servlet;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.PoolCapacity;
import dev.wasmlet.handler.WorkerPolicy;
import dev.wasmlet.servlet.internal.Locations;
import dev.wasmlet.servlet.internal.Values;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The validated configuration of one pool of guest instances: which component it runs, how many
 * instances it keeps, and the policies that govern them.
 *
 * <p>Every setting has one name, its {@link Key}, spelled the same way as a JSON key, a web.xml
 * {@code context-param} or servlet {@code init-param}, and a JMX attribute; the command line uses
 * its kebab-case form ({@code --max-instances}). Durations are written {@code 1s},
 * {@code 250ms}, {@code 2m}; sizes {@code 64MiB}, {@code 512KiB} or a number of bytes. Where a
 * setting allows 0, 0 means "none" or "no limit", as each key says.
 *
 * <p>The values are sealed when the settings are built, with one exception: the {@linkplain
 * Key#isLive() live} keys (the worker policies and {@code warmInstances}) may change while the
 * pool runs. Their start-up values are in {@link #workerPolicy()}, the one mutable object these
 * settings hold: the pool's live policy, which JMX changes and every worker reads.
 *
 * <p>{@link #builder()} validates everything at once; {@link Builder#build()} throws a {@link
 * SettingsException} whose problems each name the key, the value and the form expected.
 */
public final class WasmletSettings {
    /** Every setting: its name, its form, its default and whether it may change at run time. */
    public enum Key {
        /**
         * The {@code wasi:http} component to run: {@code /WEB-INF/app.wasm} in the web application,
         * {@code classpath:app.wasm}, {@code file:/srv/app.wasm} or a file-system path. Required.
         */
        COMPONENT("component", Form.TEXT, false, null,
                "the wasi:http component: /WEB-INF/..., classpath:..., file:... or a file path (required)"),
        /**
         * The core-wasm engine: {@code endive} (pure Java) or {@code wasmtime} (native Wasmtime, which
         * needs the {@code wasmlet-engine-wasmtime} jar next to this one). Default: {@code endive}.
         */
        ENGINE("engine", Form.ENGINE, false, "endive",
                "the core-wasm engine: endive, or wasmtime (with the wasmlet-engine-wasmtime jar)"),
        /** Directory where compiled components are kept across restarts. Default: none. */
        CACHE_DIRECTORY("cacheDirectory", Form.OPTIONAL_TEXT, false, "",
                "directory for compiled components kept across restarts; empty means no disk cache"),
        /** Environment variables the guest sees: {@code NAME=value,...}, or a JSON object. Default: none. */
        ENV("env", Form.ENV, false, "", "environment variables of the guest: NAME=value,..."),
        /** Whether the guest also sees the host process's environment. Default: {@code false}. */
        INHERIT_ENV("inheritEnv", Form.BOOLEAN, false, "false", "whether the guest sees the host's environment too"),
        /**
         * Requests one instance serves in all; 1 means a fresh instance per request (WASI 0.2).
         * Live.
         * Default: {@code 1}.
         */
        MAX_INSTANCE_REUSE_COUNT("maxInstanceReuseCount", Form.LONG_COUNT, true, "1",
                "requests one instance serves in all; 1 = a fresh instance per request"),
        /** Requests one instance serves at once; 1 for WASI 0.2. Live. Default: {@code 1}. */
        MAX_INSTANCE_CONCURRENT_REUSE_COUNT("maxInstanceConcurrentReuseCount", Form.COUNT, true, "1",
                "requests one instance serves at once"),
        /**
         * Fraction (0 to 1) by which each instance's reuse count is lowered at random, so that
         * instances do not all retire together; 0 means none. Live.
         * Default: {@code 0}.
         */
        REUSE_JITTER("reuseJitter", Form.FRACTION, true, "0",
                "fraction 0-1 by which each instance's reuse count is lowered at random"),
        /**
         * How long a used instance may sit idle before it goes; 0 means forever. Live. Default: {@code 1s}.
         */
        IDLE_INSTANCE_TIMEOUT("idleInstanceTimeout", Form.DURATION, true, "1s",
                "how long a used instance may stay idle; 0 = forever"),
        /**
         * How long a request may run before "guest timed out" (HTTP 504); 0 means no limit. Live. Default:
         * {@code 0}.
         */
        REQUEST_TIMEOUT("requestTimeout", Form.DURATION, true, "0",
                "how long a request may run before 504 guest timed out; 0 = no limit"),
        /**
         * How long an instance may live; an instance in use retires when its request ends; 0 = no limit.
         * Live. Default: {@code 0}.
         */
        MAX_INSTANCE_LIFETIME("maxInstanceLifetime", Form.DURATION, true, "0",
                "how long an instance may live; 0 = no limit"),
        /**
         * Fraction (0 to 1) by which each instance's lifetime is shortened at random; 0 means none. Live.
         * Default: {@code 0}.
         */
        LIFETIME_JITTER("lifetimeJitter", Form.FRACTION, true, "0",
                "fraction 0-1 by which each instance's lifetime is shortened at random"),
        /** The most instances alive at once, warm spares included. Default: {@code 64}. */
        MAX_INSTANCES("maxInstances", Form.COUNT, false, "64", "the most instances alive at once, spares included"),
        /**
         * Instances made ahead of demand so that a request does not wait for instantiation. With
         * the WASI 0.2 default of a fresh instance per request, every request consumes a spare; 2
         * hides instantiation for a request and the one that arrives while its replacement is
         * made, at the memory cost of two idle instances. At most {@code maxInstances}. Live.
         * Default: {@code 2}.
         */
        WARM_INSTANCES("warmInstances", Form.COUNT_OR_ZERO, true, "2",
                "instances made ahead of demand, at most maxInstances"),
        /**
         * Linear memory an instance may have grown to and still take another request (a
         * high-water mark); 0 means no limit. Live.
         * Default: {@code 0}.
         */
        MAX_MEMORY("maxMemory", Form.SIZE, true, "0",
                "linear memory an instance may have grown to and still take a request; 0 = no limit"),
        /**
         * The most instances alive at once over every pool of the web application, spares
         * included; a pool that needs one more ends an idle instance of any pool (spares first)
         * to make room. Context-wide. 0 means no limit beyond each pool's {@code maxInstances}.
         * Default: {@code 0}.
         */
        MAX_INSTANCES_TOTAL("maxInstancesTotal", Form.COUNT_OR_ZERO, false, "0",
                "the most instances of all the application's pools at once; 0 = no limit but each pool's"),
        /**
         * A budget of linear memory summed over the live instances of every pool of the web
         * application; a pool that needs one more instance ends idle instances of any pool to
         * make room. Context-wide. 0 means none.
         * Default: {@code 0}.
         */
        MAX_MEMORY_TOTAL("maxMemoryTotal", Form.SIZE, false, "0",
                "linear memory of the live instances of all the application's pools together; 0 = no budget"),
        /**
         * How long a request waits for an instance when the pool is full, before HTTP 503 with
         * {@code Retry-After}; 0 means no wait.
         * Default: {@code 1s}.
         */
        POOL_WAIT_TIMEOUT("poolWaitTimeout", Form.DURATION, false, "1s",
                "how long a request waits for an instance when the pool is full, then 503; 0 = no wait"),
        /**
         * How long requests in flight may finish when the application stops, before they are interrupted.
         * Default: {@code 30s}.
         */
        DRAIN_TIMEOUT("drainTimeout", Form.DURATION, false, "30s",
                "how long requests in flight may finish at shutdown before they are interrupted"),
        /**
         * Hosts the guest may send requests to: {@code api.example.com}, {@code *.example.com},
         * {@code host:port} or {@code *}; empty (the default) denies every outgoing request.
         * Default: none.
         */
        OUTBOUND_ALLOWED_HOSTS("outboundAllowedHosts", Form.HOSTS, false, "",
                "hosts the guest may call (host, *.domain, host:port, *); empty = none"),
        /** Connect timeout of outgoing requests; 0 means none. Default: {@code 600s}. */
        OUTBOUND_CONNECT_TIMEOUT("outboundConnectTimeout", Form.DURATION, false, "600s",
                "connect timeout of outgoing requests; 0 = none"),
        /** Time to the first byte of an outgoing response; 0 means none. Default: {@code 600s}. */
        OUTBOUND_FIRST_BYTE_TIMEOUT("outboundFirstByteTimeout", Form.DURATION, false, "600s",
                "time to the first byte of an outgoing response; 0 = none"),
        /** Time between bytes of an outgoing response; 0 means none. Default: {@code 600s}. */
        OUTBOUND_BETWEEN_BYTES_TIMEOUT("outboundBetweenBytesTimeout", Form.DURATION, false, "600s",
                "time between bytes of an outgoing response; 0 = none"),
        /**
         * Whether guest output lines are prefixed {@code stdout [N] :: } with the instance id. Default:
         * {@code true}.
         */
        LOGGING_PREFIX("loggingPrefix", Form.BOOLEAN, false, "true",
                "whether guest output lines start with stdout [N] :: "),
        /** The largest request body accepted (HTTP 413 beyond); 0 means no limit. Default: {@code 64MiB}. */
        MAX_REQUEST_BODY_SIZE("maxRequestBodySize", Form.SIZE, false, "64MiB",
                "the largest request body accepted, 413 beyond; 0 = no limit"),
        /**
         * The most bytes of fields (headers or trailers) a guest may build in one fields resource. Default:
         * {@code 128KiB}.
         */
        MAX_FIELDS_SIZE("maxFieldsSize", Form.SIZE, false, "128KiB",
                "the most bytes of headers or trailers a guest may build"),
        /**
         * Request headers replaced before the guest sees them, {@code name: value}, one per line
         * (a JSON array of such strings); any header of that name is removed first.
         * Default: none.
         */
        HEADERS("headers", Form.HEADERS, false, "",
                "request headers replaced before the guest sees them: name: value, one per line");

        private final String key;
        private final Form form;
        private final boolean live;
        private final String defaultText;
        private final String summary;

        Key(String key, Form form, boolean live, String defaultText, String summary) {
            this.key = key;
            this.form = form;
            this.live = live;
            this.defaultText = defaultText;
            this.summary = summary;
        }

        /** The name: JSON key, web.xml parameter and JMX attribute. */
        public String key() {
            return key;
        }

        /** The command-line spelling, without dashes in front: {@code max-instances}. */
        public String cliName() {
            return Values.kebabCase(key);
        }

        /** Whether the value may change while the pool runs (through JMX). */
        public boolean isLive() {
            return live;
        }

        /**
         * Whether the value holds for every pool of the web application together, so that it is
         * set as a context-param or at the top of the JSON file, never for one pool.
         */
        public boolean isContextWide() {
            return this == MAX_INSTANCES_TOTAL || this == MAX_MEMORY_TOTAL;
        }

        /** The default in its written form ({@code 1s}, {@code 64MiB}); null when the key is required. */
        public String defaultText() {
            return defaultText;
        }

        /** One line on what the setting does, with units. */
        public String summary() {
            return summary;
        }

        /** The form a value must have, as error messages say it. */
        public String expected() {
            return form.expected;
        }

        /** The key of that name, or null. */
        public static Key forName(String name) {
            return BY_NAME.get(name);
        }

        /** Every key name, in declaration order. */
        public static List<String> names() {
            return NAMES;
        }

        /** Parses {@code raw} (text, a list or a map) into this key's value type; throws naming the key. */
        public Object parse(Object raw) {
            return form.parse(this, raw);
        }

        /** Writes a value of this key in its written form (what {@link #parse} reads back). */
        public String format(Object value) {
            return form.format(value);
        }
    }

    private static final Map<String, Key> BY_NAME;
    private static final List<String> NAMES;

    static {
        Map<String, Key> byName = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            byName.put(k.key, k);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        NAMES = List.copyOf(byName.keySet());
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern HOST = Pattern.compile(
            "(\\*|(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?");

    /** How a setting is written and read. */
    private enum Form {
        TEXT("a non-empty text"),
        OPTIONAL_TEXT("a path, or nothing"),
        ENGINE("endive or wasmtime"),
        BOOLEAN("true or false"),
        COUNT("a whole number of at least 1"),
        LONG_COUNT("a whole number of at least 1"),
        COUNT_OR_ZERO("a whole number of at least 0"),
        FRACTION("a number from 0 to 1, such as 0.1"),
        DURATION("1s or 250ms"),
        SIZE("64MiB, 512KiB or a number of bytes"),
        ENV("NAME=value,NAME2=value2"),
        HOSTS("api.example.com, *.example.com, host:port or *"),
        HEADERS("name: value, one per line");

        final String expected;

        Form(String expected) {
            this.expected = expected;
        }

        Object parse(Key key, Object raw) {
            Objects.requireNonNull(raw, "raw");
            return switch (this) {
                case ENV -> parseEnv(key, raw);
                case HOSTS -> parseHosts(key, raw);
                case HEADERS -> parseHeaders(key, raw);
                default -> parseScalar(key, text(key, raw));
            };
        }

        private Object parseScalar(Key key, String s) {
            String t = s.strip();
            switch (this) {
                case TEXT -> {
                    if (t.isEmpty()) {
                        throw bad(key, s, "is empty", "write " + expected);
                    }
                    return t;
                }
                case OPTIONAL_TEXT -> {
                    return t;
                }
                case ENGINE -> {
                    if (!t.equals("endive") && !t.equals("wasmtime")) {
                        throw bad(key, s, "is not an engine", "write " + expected);
                    }
                    return t;
                }
                case BOOLEAN -> {
                    if (t.equals("true") || t.equals("false")) {
                        return Boolean.valueOf(t);
                    }
                    throw bad(key, s, "is not a boolean", "write " + expected);
                }
                case COUNT, LONG_COUNT, COUNT_OR_ZERO -> {
                    long min = this == COUNT_OR_ZERO ? 0 : 1;
                    long max = this == LONG_COUNT ? Long.MAX_VALUE : Integer.MAX_VALUE;
                    long n;
                    try {
                        n = Long.parseLong(t);
                    } catch (NumberFormatException e) {
                        throw bad(key, s, "is not a whole number", "write " + expected);
                    }
                    if (n < min || n > max) {
                        throw bad(key, s, "is out of range", "write " + expected
                                + (max == Integer.MAX_VALUE ? " and at most " + max : ""));
                    }
                    return this == LONG_COUNT ? (Object) n : (Object) (int) n;
                }
                case FRACTION -> {
                    double d;
                    try {
                        d = Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw bad(key, s, "is not a fraction", "write " + expected);
                    }
                    if (!(d >= 0 && d <= 1)) {
                        throw bad(key, s, "is not a fraction", "write " + expected);
                    }
                    return d;
                }
                case DURATION -> {
                    Duration d = Values.parseDuration(t);
                    if (d == null) {
                        throw bad(key, s, "is not a duration", "write " + expected);
                    }
                    return d;
                }
                case SIZE -> {
                    long n = Values.parseSize(t);
                    if (n < 0) {
                        throw bad(key, s, "is not a size", "write " + expected);
                    }
                    return n;
                }
                default -> throw new AssertionError(this);
            }
        }

        String format(Object value) {
            return switch (this) {
                case DURATION -> Values.formatDuration((Duration) value);
                case SIZE -> Values.formatSize((Long) value);
                case FRACTION -> java.math.BigDecimal.valueOf((Double) value).stripTrailingZeros().toPlainString();
                case ENV -> {
                    StringBuilder b = new StringBuilder();
                    ((Map<?, ?>) value).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=')
                            .append(v));
                    yield b.toString();
                }
                case HOSTS -> String.join(",", ((List<?>) value).stream().map(String::valueOf).toList());
                case HEADERS -> {
                    StringBuilder b = new StringBuilder();
                    for (Headers.Field f : ((Headers) value).fields()) {
                        b.append(b.length() == 0 ? "" : "\n").append(f.name()).append(": ").append(f.value());
                    }
                    yield b.toString();
                }
                default -> String.valueOf(value);
            };
        }

        private String text(Key key, Object raw) {
            if (raw instanceof String s) {
                return s;
            }
            if (raw instanceof Number || raw instanceof Boolean) {
                return raw.toString();
            }
            String kind = raw instanceof Map ? "an object"
                    : raw instanceof List ? "a list" : raw.getClass().getSimpleName();
            throw new SettingsException(key.key + ": " + kind + " is not allowed here; write " + expected);
        }
    }

    private static Map<String, String> parseEnv(Key key, Object raw) {
        Map<String, String> env = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!ENV_NAME.matcher(name).matches()) {
                    throw bad(key, name, "is not a variable name", "write letters, digits and _");
                }
                env.put(name, String.valueOf(e.getValue()));
            }
            return Collections.unmodifiableMap(env);
        }
        for (String item : items(key, raw, "[,\\n]")) {
            int eq = item.indexOf('=');
            String name = eq < 0 ? "" : item.substring(0, eq).strip();
            if (eq < 0 || !ENV_NAME.matcher(name).matches()) {
                throw bad(key, item, "is not NAME=value", "write " + key.expected());
            }
            env.put(name, item.substring(eq + 1));
        }
        return Collections.unmodifiableMap(env);
    }

    private static List<String> parseHosts(Key key, Object raw) {
        List<String> hosts = new ArrayList<>();
        for (String item : items(key, raw, "[,\\s]+")) {
            if (!HOST.matcher(item).matches()) {
                throw bad(key, item, "is not a host", "write " + key.expected());
            }
            hosts.add(item.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(hosts);
    }

    private static Headers parseHeaders(Key key, Object raw) {
        List<Headers.Field> fields = new ArrayList<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> fields.add(header(key, k + ": " + v)));
        } else {
            for (String item : items(key, raw, "\\r?\\n")) {
                fields.add(header(key, item));
            }
        }
        return new Headers(fields);
    }

    private static Headers.Field header(Key key, String line) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).strip();
        String value = colon < 0 ? "" : line.substring(colon + 1).strip();
        if (colon < 0 || !TOKEN.matcher(name).matches() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw bad(key, line, "is not a header", "write " + key.expected());
        }
        return new Headers.Field(name, value);
    }

    /** The non-blank items of a list, or of a text split at {@code separators}. */
    private static List<String> items(Key key, Object raw, String separators) {
        List<String> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map || o instanceof List) {
                    throw new SettingsException(key.key + ": a nested " + (o instanceof Map ? "object" : "list")
                            + " is not allowed here; write " + key.expected());
                }
                String s = String.valueOf(o).strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        }
        if (raw instanceof Map) {
            throw new SettingsException(key.key + ": an object is not allowed here; write " + key.expected());
        }
        for (String s : String.valueOf(raw).split(separators)) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static SettingsException bad(Key key, String value, String what, String hint) {
        return new SettingsException(key.key + ": \"" + value + "\" " + what + "; " + hint);
    }

    private final EnumMap<Key, Object> values;
    private final EnumMap<Key, String> origins;
    private final URL componentUrl;
    private final WorkerPolicy policy;
    private final PoolCapacity capacity;

    private WasmletSettings(EnumMap<Key, Object> values, EnumMap<Key, String> origins, URL componentUrl,
                            PoolCapacity capacity) {
        this.values = values;
        this.origins = origins;
        this.componentUrl = componentUrl;
        this.capacity = capacity;
        this.policy = new WorkerPolicy()
                .maxInstanceReuseCount((Long) values.get(Key.MAX_INSTANCE_REUSE_COUNT))
                .maxInstanceConcurrentReuseCount((Integer) values.get(Key.MAX_INSTANCE_CONCURRENT_REUSE_COUNT))
                .reuseJitter((Double) values.get(Key.REUSE_JITTER))
                .idleInstanceTimeout((Duration) values.get(Key.IDLE_INSTANCE_TIMEOUT))
                .requestTimeout((Duration) values.get(Key.REQUEST_TIMEOUT))
                .maxInstanceLifetime((Duration) values.get(Key.MAX_INSTANCE_LIFETIME))
                .lifetimeJitter((Double) values.get(Key.LIFETIME_JITTER))
                .maxMemoryBytes((Long) values.get(Key.MAX_MEMORY));
    }

    /** A builder, every key at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value a key had when the settings were built (for a live key: its start-up value). */
    public Object value(Key key) {
        return values.get(key);
    }

    /** {@link #value} in its written form, as it would be configured. */
    public String text(Key key) {
        Object v = values.get(key);
        return v == null ? "" : key.format(v);
    }

    /**
     * Where the value of {@code key} came from: {@code "web.xml context-param"}, {@code
     * "/WEB-INF/wasmlet.json"}, ... or {@code "default"}.
     */
    public String origin(Key key) {
        return origins.getOrDefault(key, "default");
    }

    /** {@link Key#COMPONENT} as configured. */
    public String component() {
        return (String) values.get(Key.COMPONENT);
    }

    /** Where the component was found; readable with {@link URL#openStream()}. */
    public URL componentUrl() {
        return componentUrl;
    }

    /** The component's file name, such as {@code app.wasm}. */
    public String componentFileName() {
        String path = componentUrl.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? component() : name;
    }

    /** {@link Key#ENGINE}. */
    public String engine() {
        return (String) values.get(Key.ENGINE);
    }

    /** {@link Key#CACHE_DIRECTORY}. */
    public Optional<Path> cacheDirectory() {
        String s = (String) values.get(Key.CACHE_DIRECTORY);
        return s.isEmpty() ? Optional.empty() : Optional.of(Path.of(s));
    }

    /** {@link Key#ENV}, in the order given. */
    @SuppressWarnings("unchecked")
    public Map<String, String> env() {
        return (Map<String, String>) values.get(Key.ENV);
    }

    /** {@link Key#INHERIT_ENV}. */
    public boolean inheritEnv() {
        return (Boolean) values.get(Key.INHERIT_ENV);
    }

    /** {@link Key#MAX_INSTANCES}. */
    public int maxInstances() {
        return (Integer) values.get(Key.MAX_INSTANCES);
    }

    /** {@link Key#WARM_INSTANCES} at start-up. */
    public int warmInstances() {
        return (Integer) values.get(Key.WARM_INSTANCES);
    }

    /** {@link Key#POOL_WAIT_TIMEOUT}. */
    public Duration poolWaitTimeout() {
        return (Duration) values.get(Key.POOL_WAIT_TIMEOUT);
    }

    /** {@link Key#DRAIN_TIMEOUT}. */
    public Duration drainTimeout() {
        return (Duration) values.get(Key.DRAIN_TIMEOUT);
    }

    /** {@link Key#OUTBOUND_ALLOWED_HOSTS}, lower case; empty denies every outgoing request. */
    @SuppressWarnings("unchecked")
    public List<String> outboundAllowedHosts() {
        return (List<String>) values.get(Key.OUTBOUND_ALLOWED_HOSTS);
    }

    /** {@link Key#OUTBOUND_CONNECT_TIMEOUT}; zero means none. */
    public Duration outboundConnectTimeout() {
        return (Duration) values.get(Key.OUTBOUND_CONNECT_TIMEOUT);
    }

    /** {@link Key#OUTBOUND_FIRST_BYTE_TIMEOUT}; zero means none. */
    public Duration outboundFirstByteTimeout() {
        return (Duration) values.get(Key.OUTBOUND_FIRST_BYTE_TIMEOUT);
    }

    /** {@link Key#OUTBOUND_BETWEEN_BYTES_TIMEOUT}; zero means none. */
    public Duration outboundBetweenBytesTimeout() {
        return (Duration) values.get(Key.OUTBOUND_BETWEEN_BYTES_TIMEOUT);
    }

    /** {@link Key#LOGGING_PREFIX}. */
    public boolean loggingPrefix() {
        return (Boolean) values.get(Key.LOGGING_PREFIX);
    }

    /** {@link Key#MAX_REQUEST_BODY_SIZE} in bytes; 0 means no limit. */
    public long maxRequestBodySize() {
        return (Long) values.get(Key.MAX_REQUEST_BODY_SIZE);
    }

    /** {@link Key#MAX_FIELDS_SIZE} in bytes. */
    public long maxFieldsSize() {
        return (Long) values.get(Key.MAX_FIELDS_SIZE);
    }

    /** {@link Key#HEADERS}: request headers replaced before the guest sees them. */
    public Headers headers() {
        return (Headers) values.get(Key.HEADERS);
    }

    /**
     * The pool's live worker policy, made from the start-up values of the live keys. It is the
     * same object for the life of these settings: the {@link ProxyHandlerFactory} gives it to
     * every worker ({@link WorkerPolicy#forWorker}), and JMX changes it at run time.
     */
    public WorkerPolicy workerPolicy() {
        return policy;
    }

    /**
     * The capacity the pool shares with the other pools of its web application: made from
     * {@link Key#MAX_INSTANCES_TOTAL} and {@link Key#MAX_MEMORY_TOTAL}, or the one given to
     * {@link Builder#capacity}; empty when neither total is set.
     */
    public Optional<PoolCapacity> capacity() {
        return Optional.ofNullable(capacity);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("WasmletSettings{");
        for (Key k : Key.values()) {
            b.append(k == Key.COMPONENT ? "" : ", ").append(k.key).append('=').append(text(k));
        }
        return b.append('}').toString();
    }

    /**
     * Collects raw values, later ones overriding earlier ones, and validates them all in {@link
     * #build()}.
     */
    public static final class Builder {
        private final Map<Key, Object> raw = new EnumMap<>(Key.class);
        private final EnumMap<Key, String> origins = new EnumMap<>(Key.class);
        private final List<String> problems = new ArrayList<>();
        private Function<String, URL> webResources;
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private PoolCapacity capacity;

        private Builder() {
        }

        /** Sets {@code key} from code. */
        public Builder set(String key, Object value) {
            return set(key, value, "code");
        }

        /** Sets {@code key} from code. */
        public Builder set(Key key, Object value) {
            return set(key.key(), value, "code");
        }

        /**
         * Sets {@code key}. An unknown key is a problem that {@link #build()} reports, with a
         * "did you mean" when a known key is close.
         *
         * @param value text in the key's written form; for some keys also a list (hosts,
         *     headers, env) or a map (env, headers)
         * @param origin where the value comes from, for messages ({@code "web.xml context-param"})
         */
        public Builder set(String key, Object value, String origin) {
            Key k = Key.forName(key);
            if (k == null) {
                problems.add(unknownKey(key, origin));
                return this;
            }
            if (value == null) {
                problems.add(key + ": null is not a value; write " + k.expected() + in(origin));
                return this;
            }
            raw.put(k, value);
            origins.put(k, origin);
            return this;
        }

        /** Sets every entry of {@code values}. */
        public Builder setAll(Map<String, ?> values, String origin) {
            values.forEach((k, v) -> set(k, v, origin));
            return this;
        }

        /**
         * How to find {@code /WEB-INF/...} paths: the web application's {@code ServletContext::getResource}.
         */
        public Builder webResources(Function<String, URL> value) {
            this.webResources = value;
            return this;
        }

        /**
         * The capacity to share with pools built before (default: a new one when a total is
         * set); its limits must be the totals these settings have.
         */
        public Builder capacity(PoolCapacity value) {
            this.capacity = Objects.requireNonNull(value, "capacity");
            return this;
        }

        /** Where {@code classpath:} locations are looked up (default: the thread's context class loader). */
        public Builder classLoader(ClassLoader value) {
            this.classLoader = value;
            return this;
        }

        /**
         * Validates every value and finds the component.
         *
         * @throws SettingsException naming, for each invalid setting, the key, the value and the
         *     form expected; an unknown key; a missing or absent component; {@code warmInstances}
         *     above {@code maxInstances}
         */
        public WasmletSettings build() {
            List<String> all = new ArrayList<>(problems);
            EnumMap<Key, Object> values = new EnumMap<>(Key.class);
            for (Key k : Key.values()) {
                Object r = raw.containsKey(k) ? raw.get(k) : k.defaultText;
                if (r == null) {
                    continue;
                }
                try {
                    values.put(k, k.parse(r));
                } catch (SettingsException e) {
                    all.add(e.getMessage() + in(origins.get(k)));
                }
            }
            URL url = null;
            String component = (String) values.get(Key.COMPONENT);
            if (component == null && !raw.containsKey(Key.COMPONENT)) {
                all.add("component: missing; write the path of the wasi:http component, such as /WEB-INF/app.wasm,"
                        + " classpath:app.wasm or file:/srv/app.wasm");
            } else if (component != null) {
                StringBuilder where = new StringBuilder();
                Locations.Found found = Locations.find(component, webResources, classLoader, where);
                if (found == null) {
                    all.add("component: \"" + component + "\" does not exist " + where
                            + "; write /WEB-INF/..., classpath:..., file:... or a file path"
                            + in(origins.get(Key.COMPONENT)));
                } else {
                    url = found.url();
                }
            }
            Integer max = (Integer) values.get(Key.MAX_INSTANCES);
            Integer warm = (Integer) values.get(Key.WARM_INSTANCES);
            if (max != null && warm != null && warm > max) {
                all.add("warmInstances: \"" + warm + "\" is more than maxInstances (" + max + "); write at most " + max
                        + in(origins.get(Key.WARM_INSTANCES)));
            }
            PoolCapacity shared = capacity(values, all);
            if (!all.isEmpty()) {
                throw new SettingsException(all);
            }
            return new WasmletSettings(values, new EnumMap<>(origins), url, shared);
        }

        /** The capacity to share: the one given, checked against the totals, or one made from them. */
        private PoolCapacity capacity(EnumMap<Key, Object> values, List<String> problems) {
            Integer instances = (Integer) values.get(Key.MAX_INSTANCES_TOTAL);
            Long memory = (Long) values.get(Key.MAX_MEMORY_TOTAL);
            if (instances == null || memory == null) {
                return null;
            }
            int maxInstances = instances == 0 ? Integer.MAX_VALUE : instances;
            if (capacity != null && (capacity.maxInstances() != maxInstances || capacity.maxMemoryBytes() != memory)) {
                problems.add(Key.MAX_INSTANCES_TOTAL.key + " and " + Key.MAX_MEMORY_TOTAL.key + ": " + instances + " and "
                        + memory + " bytes differ from the capacity shared with the other pools; set them once, for"
                        + " the whole application");
            }
            if (capacity != null || (instances == 0 && memory == 0)) {
                return capacity;
            }
            return new PoolCapacity(maxInstances, memory);
        }

        private static String in(String origin) {
            return origin == null || origin.equals("code") ? "" : " (in " + origin + ")";
        }

        private static String unknownKey(String key, String origin) {
            String near = Values.closest(key, NAMES);
            String hint = near != null ? "did you mean " + near + "?"
                    : "the keys are " + String.join(", ", NAMES);
            return key + ": unknown key" + in(origin) + "; " + hint;
        }
    }
}
