package dev.wasmlet.servlet.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wasmlet.servlet.SettingsException;
import dev.wasmlet.servlet.WasmletSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the pools a web application configures, from one of two sources:
 *
 * <ul>
 *   <li>a JSON file named by the context-param {@value #CONFIG_PARAM} ({@code /WEB-INF/...},
 *       {@code classpath:...} or {@code file:...}): its top-level keys configure one pool, or, when
 *       it has {@code "pools": {"name": {...}}}, they are shared by the named pools it lists;</li>
 *   <li>otherwise web.xml: context-params configure the default pool (when {@code component} is
 *       among them), and a {@code WasmProxyServlet} whose init-params hold settings gets a pool of
 *       its own, named by its {@code pool} init-param or else by the servlet name, with the
 *       context-params as defaults.</li>
 * </ul>
 *
 * <p>Context-params are shared with the rest of the application, so a name that is not a key is
 * left alone, unless it starts with {@code wasmlet.} or is close to a key (then it is an error
 * with a "did you mean"). In the JSON file and in a servlet's init-params, every unknown key is
 * an error.
 */
public final class PoolDefinitions {
    /** The context-param naming the JSON configuration. */
    public static final String CONFIG_PARAM = "wasmlet.config";
    /** The servlet init-param naming the pool a servlet uses. */
    public static final String POOL_PARAM = "pool";
    /** The name of the pool configured without a name. */
    public static final String DEFAULT_POOL = "default";

    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String CONTEXT_PARAM = "web.xml context-param";

    private PoolDefinitions() {
    }

    /**
     * One pool to start.
     *
     * @param name its name: {@value #DEFAULT_POOL} or the name configured
     * @param named whether the name was configured (otherwise JMX names the pool by its component)
     */
    public record Definition(String name, boolean named, WasmletSettings settings) {
    }

    /**
     * The pools {@code ctx} configures.
     *
     * @param servletClass the servlet whose registrations may carry settings
     * @throws SettingsException listing every problem found
     */
    public static List<Definition> read(ServletContext ctx, Class<?> servletClass) {
        List<String> problems = new ArrayList<>();
        Map<String, String> contextParams = contextSettings(ctx, problems);
        Map<String, Map<String, String>> servletParams = servletSettings(ctx, servletClass, problems);
        String config = ctx.getInitParameter(CONFIG_PARAM);
        List<Definition> result = new ArrayList<>();
        if (config != null && !config.isBlank()) {
            contextParams.keySet().forEach(k -> problems.add(k + ": set both as " + CONTEXT_PARAM + " and in "
                    + config.strip() + " (" + CONFIG_PARAM + "); keep one"));
            servletParams.forEach((servlet, params) -> params.keySet().stream().filter(k -> !k.equals(POOL_PARAM))
                    .forEach(k -> problems.add(k + ": init-param of servlet \"" + servlet + "\" is not read when "
                            + CONFIG_PARAM + " is set; move it to " + config.strip())));
            readJson(ctx, config.strip(), problems, result);
        } else {
            readParams(ctx, contextParams, servletParams, problems, result);
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return result;
    }

    private static Map<String, String> contextSettings(ServletContext ctx, List<String> problems) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.getInitParameterNames())) {
            if (name.equals(CONFIG_PARAM)) {
                continue;
            }
            if (WasmletSettings.Key.forName(name) != null) {
                params.put(name, ctx.getInitParameter(name));
                continue;
            }
            String near = Values.closest(name.startsWith("wasmlet.") ? name.substring(8) : name,
                    WasmletSettings.Key.names());
            boolean ours = name.startsWith("wasmlet.");
            if (ours || (near != null && name.length() >= 5)) {
                problems.add(name + ": unknown key (in " + CONTEXT_PARAM + "); "
                        + (near != null ? "did you mean " + near + "?"
                        : "the keys are " + String.join(", ", WasmletSettings.Key.names()) + " and " + CONFIG_PARAM));
            }
        }
        return params;
    }

    /**
     * The init-params of every registered servlet of {@code servletClass}, by servlet name;
     * empty when the container does not let this listener see registrations.
     */
    private static Map<String, Map<String, String>> servletSettings(ServletContext ctx, Class<?> servletClass,
                                                                    List<String> problems) {
        Map<String, ? extends ServletRegistration> registrations;
        try {
            registrations = ctx.getServletRegistrations();
        } catch (UnsupportedOperationException e) {
            return Map.of(); // a listener added by code: the servlets check their own init-params
        }
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        registrations.forEach((name, reg) -> {
            if (!isServlet(reg.getClassName(), servletClass, classLoader(ctx))) {
                return;
            }
            Map<String, String> params = new LinkedHashMap<>(reg.getInitParameters());
            checkInitParams(name, params.keySet(), problems);
            result.put(name, params);
        });
        return result;
    }

    /** Reports init-params of a servlet that are neither {@code pool} nor a key of one pool. */
    public static void checkInitParams(String servlet, Iterable<String> names, List<String> problems) {
        for (String name : names) {
            WasmletSettings.Key key = WasmletSettings.Key.forName(name);
            if (key != null && key.isContextWide()) {
                problems.add(contextWide(key, "init-param of servlet \"" + servlet + "\""));
                continue;
            }
            if (name.equals(POOL_PARAM) || key != null) {
                continue;
            }
            String near = Values.closest(name, WasmletSettings.Key.names());
            problems.add(name + ": unknown key (in init-param of servlet \"" + servlet + "\"); "
                    + (near != null ? "did you mean " + near + "?"
                    : "the keys are " + POOL_PARAM + ", " + String.join(", ", WasmletSettings.Key.names())));
        }
    }

    private static boolean isServlet(String className, Class<?> servletClass, ClassLoader loader) {
        if (className == null) {
            return false;
        }
        if (className.equals(servletClass.getName())) {
            return true;
        }
        try {
            return servletClass.isAssignableFrom(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void readParams(ServletContext ctx, Map<String, String> contextParams,
                                   Map<String, Map<String, String>> servletParams, List<String> problems,
                                   List<Definition> result) {
        Map<String, String> definedBy = new LinkedHashMap<>();
        if (contextParams.containsKey(WasmletSettings.Key.COMPONENT.key())) {
            build(ctx, DEFAULT_POOL, false, problems, result, b -> b.setAll(contextParams, CONTEXT_PARAM));
            definedBy.put(DEFAULT_POOL, "the context-params");
        }
        servletParams.forEach((servlet, params) -> {
            Map<String, String> settings = new LinkedHashMap<>(params);
            String poolName = settings.remove(POOL_PARAM);
            settings.keySet().removeIf(k -> WasmletSettings.Key.forName(k) == null);
            if (settings.isEmpty()) {
                return; // uses a pool defined elsewhere
            }
            String name = poolName != null ? poolName.strip() : servlet;
            if (!POOL_NAME.matcher(name).matches()) {
                problems.add("pool: \"" + name + "\" is not a pool name (in init-param of servlet \"" + servlet
                        + "\"); write letters, digits, - and _, such as api");
                return;
            }
            String before = definedBy.putIfAbsent(name, "servlet \"" + servlet + "\"");
            if (before != null) {
                problems.add("pool: \"" + name + "\" is defined by " + before + " and by servlet \"" + servlet
                        + "\"; define each pool once, and name it with init-param pool in the other servlets");
                return;
            }
            build(ctx, name, true, problems, result, b -> b.setAll(contextParams, CONTEXT_PARAM)
                    .setAll(settings, "init-param of servlet \"" + servlet + "\""));
        });
        if (result.isEmpty() && definedBy.isEmpty()) {
            // Nothing defines a pool: report what the default pool lacks (at least its component).
            build(ctx, DEFAULT_POOL, false, problems, result, b -> b.setAll(contextParams, CONTEXT_PARAM));
        }
    }

    private static void readJson(ServletContext ctx, String location, List<String> problems, List<Definition> result) {
        StringBuilder where = new StringBuilder();
        Locations.Found found = Locations.find(location, webResources(ctx), classLoader(ctx), where);
        if (found == null) {
            problems.add(CONFIG_PARAM + ": \"" + location + "\" does not exist " + where
                    + "; write /WEB-INF/wasmlet.json, classpath:wasmlet.json or file:/etc/wasmlet.json");
            return;
        }
        JsonNode root;
        JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (InputStream in = found.open()) {
            root = mapper.readTree(in);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            problems.add(CONFIG_PARAM + ": " + location + " is not valid JSON"
                    + (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "") + ": "
                    + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problems.add(CONFIG_PARAM + ": cannot read " + location + ": " + e.getMessage());
            return;
        }
        if (root == null || !root.isObject()) {
            problems.add(CONFIG_PARAM + ": " + location + " must hold a JSON object, such as "
                    + "{\"component\": \"/WEB-INF/app.wasm\"}");
            return;
        }
        Map<String, Object> shared = new LinkedHashMap<>();
        JsonNode pools = null;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("pools")) {
                pools = e.getValue();
            } else {
                shared.put(e.getKey(), value(e.getValue()));
            }
        }
        if (pools == null) {
            build(ctx, DEFAULT_POOL, false, problems, result, b -> b.setAll(shared, location));
            return;
        }
        if (!pools.isObject() || pools.isEmpty()) {
            problems.add("pools: must be a non-empty object of named pools (in " + location
                    + "), such as \"pools\": {\"api\": {\"component\": \"/WEB-INF/api.wasm\"}}");
            return;
        }
        for (Map.Entry<String, JsonNode> e : pools.properties()) {
            String name = e.getKey();
            if (!POOL_NAME.matcher(name).matches()) {
                problems.add("pools: \"" + name + "\" is not a pool name (in " + location
                        + "); write letters, digits, - and _, such as api");
                continue;
            }
            if (!e.getValue().isObject()) {
                problems.add("pools." + name + ": must be an object of settings (in " + location + ")");
                continue;
            }
            Map<String, Object> own = new LinkedHashMap<>();
            e.getValue().properties().forEach(p -> own.put(p.getKey(), value(p.getValue())));
            own.keySet().stream().map(WasmletSettings.Key::forName)
                    .filter(k -> k != null && k.isContextWide())
                    .forEach(k -> problems.add(contextWide(k, location + " pool \"" + name + "\"")));
            build(ctx, name, true, problems, result, b -> b.setAll(shared, location)
                    .setAll(own, location + " pool \"" + name + "\""));
        }
    }

    /** A JSON value as the settings read it: text, a list, a map, or null. */
    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(value(n)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(p -> map.put(p.getKey(), value(p.getValue())));
            return map;
        }
        return node.asText();
    }

    private static String contextWide(WasmletSettings.Key key, String origin) {
        return key.key() + ": is for every pool of the application together, not one (in " + origin
                + "); set it as a context-param, or at the top of the JSON file";
    }

    private static void build(ServletContext ctx, String name, boolean named, List<String> problems,
                              List<Definition> result,
                              Function<WasmletSettings.Builder, WasmletSettings.Builder> configure) {
        try {
            WasmletSettings.Builder builder = WasmletSettings.builder()
                    .webResources(webResources(ctx)).classLoader(classLoader(ctx));
            // The totals are context-wide: every pool shares the capacity the first one made of them.
            result.stream().findFirst().flatMap(d -> d.settings().capacity()).ifPresent(builder::capacity);
            WasmletSettings settings = configure.apply(builder).build();
            result.add(new Definition(name, named, settings));
        } catch (SettingsException e) {
            problems.addAll(e.problems());
        }
    }

    /** The web application's class loader (some containers give none: then the thread's, then ours). */
    public static ClassLoader classLoader(ServletContext ctx) {
        ClassLoader cl = ctx.getClassLoader();
        if (cl == null) {
            cl = Thread.currentThread().getContextClassLoader();
        }
        return cl != null ? cl : PoolDefinitions.class.getClassLoader();
    }

    private static Function<String, URL> webResources(ServletContext ctx) {
        return path -> {
            try {
                return ctx.getResource(path);
            } catch (MalformedURLException e) {
                return null;
            }
        };
    }
}
