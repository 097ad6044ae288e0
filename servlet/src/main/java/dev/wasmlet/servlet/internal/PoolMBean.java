package dev.wasmlet.servlet.internal;

import dev.wasmlet.handler.PoolStatistics;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.WorkerPolicy;
import dev.wasmlet.servlet.RequestContext;
import dev.wasmlet.servlet.SettingsException;
import dev.wasmlet.servlet.WasmletSettings;
import dev.wasmlet.servlet.WasmletSettings.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.SimpleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMX view of one pool, registered as {@code
 * dev.wasmlet:type=Pool,context=<contextPath>,name=<pool or component file>}: the pool's
 * counts, every setting under its own key, and the operations {@code reclaimIdle(keep)} and
 * {@code drain()}.
 *
 * <p>It is a dynamic MBean with open types only (int, long, double, boolean, String), so that
 * attribute names are the setting keys themselves ({@code maxInstanceReuseCount}, not the
 * {@code MaxInstanceReuseCount} an MXBean interface would give) and any JMX client reads it
 * without Wasmlet classes. Durations and sizes are written as in the configuration ({@code 1s},
 * {@code 64MiB}) and parsed, with the same messages, when set.
 *
 * <p>The {@linkplain Key#isLive() live} settings are writable: a new value goes into the pool's
 * {@link WorkerPolicy} (or {@code setWarmInstances}), then {@link ProxyHandler#policiesChanged()}
 * makes every live worker re-read it. Setting a sealed one fails with a message that says where
 * the value is configured.
 */
public final class PoolMBean implements javax.management.DynamicMBean {
    private static final Logger LOG = LoggerFactory.getLogger(PoolMBean.class);

    private final String name;
    private final ProxyHandler<RequestContext> handler;
    private final WasmletSettings settings;
    private final Map<String, Attr> attributes = new LinkedHashMap<>();
    private final MBeanInfo info;

    /** One attribute: how to read it (from a snapshot of the pool) and, for live ones, which key sets it. */
    private record Attr(MBeanAttributeInfo info, Function<PoolStatistics.Snapshot, Object> getter, Key key) {
    }

    public PoolMBean(String name, ProxyHandler<RequestContext> handler, WasmletSettings settings) {
        this.name = name;
        this.handler = handler;
        this.settings = settings;
        WorkerPolicy p = settings.workerPolicy();
        stat("liveInstances", "int", "Instances alive or being made", "instances", PoolStatistics.Snapshot::live);
        stat("idleInstances", "int", "Idle instances that accept a request now", "instances",
                PoolStatistics.Snapshot::idle);
        stat("busyInstances", "int", "Instances running a request", "instances", PoolStatistics.Snapshot::busy);
        stat("spareInstances", "int", "Instances made ahead of demand and not used yet", "instances",
                PoolStatistics.Snapshot::spares);
        stat("memoryBytes", "long", "Linear memory of the live instances, as last measured", "bytes",
                PoolStatistics.Snapshot::memoryBytes);
        stat("requests", "long", "Requests handed to the pool since start", "requests",
                PoolStatistics.Snapshot::requests);
        stat("poolLimitErrors", "long", "Requests refused because the pool was full (each try counts)", "requests",
                PoolStatistics.Snapshot::poolLimitErrors);
        stat("reclaims", "long", "Idle instances ended early: by reclaimIdle, to make room for a new instance of"
                + " this or another pool sharing maxInstancesTotal/maxMemoryTotal, or over maxMemoryTotal", "instances",
                PoolStatistics.Snapshot::reclaims);
        stat("traps", "long", "Requests failed by a guest trap (HTTP 500)", "requests",
                PoolStatistics.Snapshot::traps);
        stat("neverSet", "long", "Requests whose guest returned without a response (HTTP 500)", "requests",
                PoolStatistics.Snapshot::neverSet);
        stat("requestExpirations", "long", "Requests that passed requestTimeout: guest timed out (HTTP 504)",
                "requests", PoolStatistics.Snapshot::requestExpirations);
        stat("idleExpirations", "long", "Instances ended by idleInstanceTimeout or maxInstanceLifetime while idle",
                "instances", PoolStatistics.Snapshot::idleExpirations);
        stat("instantiations", "long", "Instances made since start", "instances",
                PoolStatistics.Snapshot::instantiations);
        stat("instantiationFailures", "long", "Instances that could not be made", "instances",
                PoolStatistics.Snapshot::instantiationFailures);
        stat("meanInstantiationMicros", "long", "Mean time to make an instance, in microseconds", "microseconds",
                PoolStatistics.Snapshot::meanInstantiationMicros);
        for (Key k : Key.values()) {
            setting(k, p);
        }
        List<MBeanAttributeInfo> infos = new ArrayList<>();
        attributes.values().forEach(a -> infos.add(a.info()));
        MBeanOperationInfo reclaim = new MBeanOperationInfo("reclaimIdle",
                "Ends idle instances beyond keep of them (the most recently used stay); returns how many",
                new MBeanParameterInfo[] {new MBeanParameterInfo("keep", "int", "Idle instances to keep")},
                "int", MBeanOperationInfo.ACTION);
        MBeanOperationInfo drain = new MBeanOperationInfo("drain",
                "Stops the pool for good: new requests get 503, requests in flight may finish within drainTimeout,"
                        + " then are interrupted; restart the application to serve again",
                new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.ACTION);
        info = new MBeanInfo(PoolMBean.class.getName(), "Wasmlet pool " + name + " of " + settings.component(),
                infos.toArray(MBeanAttributeInfo[]::new), null, new MBeanOperationInfo[] {reclaim, drain}, null,
                new ImmutableDescriptor("immutableInfo=true", "mxbean=false"));
    }

    /** {@code dev.wasmlet:type=Pool,context=<contextPath>,name=<name>}, values quoted when they need it. */
    public static ObjectName objectName(String contextPath, String name) {
        try {
            return new ObjectName("dev.wasmlet:type=Pool,context=" + quoted(contextPath.isEmpty() ? "/" : contextPath)
                    + ",name=" + quoted(name));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String quoted(String value) {
        for (char c : value.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    private void stat(String attr, String type, String description, String units,
                      Function<PoolStatistics.Snapshot, Object> getter) {
        Descriptor d = new ImmutableDescriptor("units=" + units, "openType=" + openType(type).getClassName());
        attributes.put(attr, new Attr(new MBeanAttributeInfo(attr, type, description, true, false, false, d), getter,
                null));
    }

    private void setting(Key k, WorkerPolicy p) {
        String type;
        Function<PoolStatistics.Snapshot, Object> getter;
        switch (k) {
            case MAX_INSTANCE_REUSE_COUNT -> {
                type = "long";
                getter = s -> p.maxInstanceReuseCount();
            }
            case MAX_INSTANCE_CONCURRENT_REUSE_COUNT -> {
                type = "int";
                getter = s -> p.maxInstanceConcurrentReuseCount();
            }
            case REUSE_JITTER -> {
                type = "double";
                getter = s -> p.reuseJitter();
            }
            case LIFETIME_JITTER -> {
                type = "double";
                getter = s -> p.lifetimeJitter();
            }
            case IDLE_INSTANCE_TIMEOUT -> {
                type = "java.lang.String";
                getter = s -> Values.formatDuration(p.idleInstanceTimeout());
            }
            case REQUEST_TIMEOUT -> {
                type = "java.lang.String";
                getter = s -> Values.formatDuration(p.requestTimeout());
            }
            case MAX_INSTANCE_LIFETIME -> {
                type = "java.lang.String";
                getter = s -> Values.formatDuration(p.maxInstanceLifetime());
            }
            case MAX_MEMORY -> {
                type = "java.lang.String";
                getter = s -> Values.formatSize(p.maxMemoryBytes());
            }
            case WARM_INSTANCES -> {
                type = "int";
                getter = PoolStatistics.Snapshot::warmInstances;
            }
            case MAX_INSTANCES -> {
                type = "int";
                getter = s -> settings.maxInstances();
            }
            case INHERIT_ENV, LOGGING_PREFIX -> {
                type = "boolean";
                getter = s -> settings.value(k);
            }
            case ENV -> {
                type = "java.lang.String";
                getter = s -> String.join(",", settings.env().keySet());
            }
            default -> {
                type = "java.lang.String";
                getter = s -> settings.text(k);
            }
        }
        String description = Character.toUpperCase(k.summary().charAt(0)) + k.summary().substring(1)
                + (k == Key.ENV ? " (names only: values may be secret)" : "")
                + (k.isLive() ? " [live]" : " [sealed at start-up]");
        Descriptor d = new ImmutableDescriptor("openType=" + openType(type).getClassName(),
                "defaultValue=" + (k.defaultText() == null ? "" : k.defaultText()));
        attributes.put(k.key(), new Attr(new MBeanAttributeInfo(k.key(), type, description, true, k.isLive(), false,
                d), getter, k));
    }

    private static SimpleType<?> openType(String type) {
        return switch (type) {
            case "int" -> SimpleType.INTEGER;
            case "long" -> SimpleType.LONG;
            case "double" -> SimpleType.DOUBLE;
            case "boolean" -> SimpleType.BOOLEAN;
            default -> SimpleType.STRING;
        };
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Attr a = attributes.get(attribute);
        if (a == null) {
            throw new AttributeNotFoundException(unknown(attribute));
        }
        return a.getter().apply(handler.statistics());
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        PoolStatistics.Snapshot snapshot = handler.statistics();
        AttributeList list = new AttributeList();
        for (String n : names) {
            Attr a = attributes.get(n);
            if (a != null) {
                list.add(new Attribute(n, a.getter().apply(snapshot)));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute)
            throws AttributeNotFoundException, InvalidAttributeValueException, MBeanException {
        Attr a = attributes.get(attribute.getName());
        if (a == null) {
            throw new AttributeNotFoundException(unknown(attribute.getName()));
        }
        Key k = a.key();
        if (k == null) {
            throw new MBeanException(new UnsupportedOperationException(attribute.getName()
                    + " is a count of the pool, not a setting"), attribute.getName() + " is read-only");
        }
        if (!k.isLive()) {
            String where = settings.origin(k).equals("default")
                    ? "web.xml (context-param " + k.key() + ") or the JSON file named by "
                    + PoolDefinitions.CONFIG_PARAM
                    : settings.origin(k);
            String message = k.key() + " is sealed at start-up: change it in " + where
                    + " and restart the application";
            throw new MBeanException(new UnsupportedOperationException(message), message);
        }
        if (attribute.getValue() == null) {
            throw new InvalidAttributeValueException(k.key() + ": null is not a value; write " + k.expected());
        }
        Object value;
        try {
            value = k.parse(String.valueOf(attribute.getValue()));
        } catch (SettingsException e) {
            throw new InvalidAttributeValueException(e.getMessage());
        }
        Object before = a.getter().apply(handler.statistics());
        try {
            apply(k, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeValueException(k.key() + ": " + e.getMessage());
        }
        handler.policiesChanged();
        LOG.info("pool {}: {} changed from {} to {} through JMX", name, k.key(), before, k.format(value));
    }

    private void apply(Key k, Object value) throws InvalidAttributeValueException {
        WorkerPolicy p = settings.workerPolicy();
        switch (k) {
            case MAX_INSTANCE_REUSE_COUNT -> p.maxInstanceReuseCount((Long) value);
            case MAX_INSTANCE_CONCURRENT_REUSE_COUNT -> p.maxInstanceConcurrentReuseCount((Integer) value);
            case REUSE_JITTER -> p.reuseJitter((Double) value);
            case IDLE_INSTANCE_TIMEOUT -> p.idleInstanceTimeout((Duration) value);
            case REQUEST_TIMEOUT -> p.requestTimeout((Duration) value);
            case MAX_INSTANCE_LIFETIME -> p.maxInstanceLifetime((Duration) value);
            case LIFETIME_JITTER -> p.lifetimeJitter((Double) value);
            case MAX_MEMORY -> p.maxMemoryBytes((Long) value);
            case WARM_INSTANCES -> {
                int warm = (Integer) value;
                if (warm > settings.maxInstances()) {
                    throw new InvalidAttributeValueException("warmInstances: \"" + warm
                            + "\" is more than maxInstances (" + settings.maxInstances() + "); write at most "
                            + settings.maxInstances());
                }
                handler.setWarmInstances(warm);
            }
            default -> throw new AssertionError(k);
        }
    }

    @Override
    public AttributeList setAttributes(AttributeList list) {
        AttributeList done = new AttributeList();
        for (Attribute a : list.asList()) {
            try {
                setAttribute(a);
                done.add(new Attribute(a.getName(), getAttribute(a.getName())));
            } catch (Exception e) {
                LOG.warn("pool {}: {} not set: {}", name, a.getName(), e.getMessage());
            }
        }
        return done;
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        switch (action) {
            case "reclaimIdle" -> {
                if (params == null || params.length != 1 || !(params[0] instanceof Integer keep) || keep < 0) {
                    throw new MBeanException(new IllegalArgumentException("reclaimIdle(keep): keep is a whole number"
                            + " of at least 0"), "reclaimIdle(keep): keep is a whole number of at least 0");
                }
                int reclaimed = handler.reclaimIdle(keep);
                LOG.info("pool {}: reclaimIdle({}) through JMX ended {} idle instances", name, keep, reclaimed);
                return reclaimed;
            }
            case "drain" -> {
                PoolStatistics.Snapshot s = handler.statistics();
                LOG.info("pool {}: drain through JMX; {} requests in flight may finish within {}", name, s.busy(),
                        Values.formatDuration(settings.drainTimeout()));
                handler.shutdown(settings.drainTimeout());
                return "draining: new requests get 503; " + s.busy() + " busy instances may finish within "
                        + Values.formatDuration(settings.drainTimeout());
            }
            default -> throw new ReflectionException(new NoSuchMethodException(action),
                    "no operation " + action + "; the operations are reclaimIdle(int keep) and drain()");
        }
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    private String unknown(String attribute) {
        String near = Values.closest(attribute, new ArrayList<>(attributes.keySet()));
        return "no attribute " + attribute + (near != null ? "; did you mean " + near + "?" : "");
    }
}
