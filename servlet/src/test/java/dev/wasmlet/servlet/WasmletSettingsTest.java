package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.servlet.WasmletSettings.Key;
import dev.wasmlet.servlet.internal.Values;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings without a container: forms, defaults, messages, documentation. */
class WasmletSettingsTest {
    private static WasmletSettings.Builder withComponent() {
        return WasmletSettings.builder().set("component", "classpath:fake.wasm");
    }

    private static String problem(String key, Object value) {
        return assertThrows(SettingsException.class, () -> withComponent().set(key, value).build()).getMessage();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        WasmletSettings s = withComponent().build();
        for (Key k : Key.values()) {
            if (k.defaultText() != null) {
                assertEquals(k.parse(k.defaultText()), s.value(k), k.key());
                assertEquals(s.value(k), k.parse(s.text(k)), "written form of " + k.key() + " reads back");
            }
        }
        assertEquals("default", s.origin(Key.MAX_INSTANCES));
        assertEquals("code", s.origin(Key.COMPONENT));
        assertEquals("endive", s.engine());
        assertEquals(64, s.maxInstances());
        assertEquals(2, s.warmInstances());
        assertEquals(Duration.ofSeconds(1), s.poolWaitTimeout());
        assertEquals(Duration.ofSeconds(30), s.drainTimeout());
        assertEquals(Duration.ofSeconds(600), s.outboundFirstByteTimeout());
        assertEquals(64L << 20, s.maxRequestBodySize());
        assertEquals(128L << 10, s.maxFieldsSize());
        assertEquals(List.of(), s.outboundAllowedHosts());
        assertTrue(s.loggingPrefix());
        assertEquals(1, s.workerPolicy().maxInstanceReuseCount());
        assertEquals(Duration.ofSeconds(1), s.workerPolicy().idleInstanceTimeout());
        assertEquals(Duration.ZERO, s.workerPolicy().requestTimeout());
        assertEquals("fake.wasm", s.componentFileName());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "250ms, 250ms", "1s, 1s", "1000ms, 1s", "2m, 2m", "120s, 2m", "1h, 1h", "500us, 500us",
            "7ns, 7ns"})
    void durationsReadAndWriteBack(String written, String canonical) {
        Duration d = Values.parseDuration(written);
        assertEquals(canonical, Values.formatDuration(d));
        assertEquals(d, Values.parseDuration(canonical));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1024, 1KiB", "512KiB, 512KiB", "64MiB, 64MiB", "1GiB, 1GiB", "1000, 1000", "100B, 100"})
    void sizesReadAndWriteBack(String written, String canonical) {
        long n = Values.parseSize(written);
        assertEquals(canonical, Values.formatSize(n));
        assertEquals(n, Values.parseSize(canonical));
    }

    @Test
    void eachBadValueNamesKeyValueAndForm() {
        assertEquals("idleInstanceTimeout: \"1 sec\" is not a duration; write 1s or 250ms",
                problem("idleInstanceTimeout", "1 sec"));
        assertEquals("requestTimeout: \"1.5s\" is not a duration; write 1s or 250ms",
                problem("requestTimeout", "1.5s"));
        assertEquals("maxMemory: \"64MB\" is not a size; write 64MiB, 512KiB or a number of bytes",
                problem("maxMemory", "64MB"));
        assertEquals("inheritEnv: \"yes\" is not a boolean; write true or false", problem("inheritEnv", "yes"));
        assertEquals("maxInstances: \"0\" is out of range; write a whole number of at least 1 and at most 2147483647",
                problem("maxInstances", "0"));
        assertEquals("maxInstances: \"many\" is not a whole number; write a whole number of at least 1",
                problem("maxInstances", "many"));
        assertEquals("reuseJitter: \"2\" is not a fraction; write a number from 0 to 1, such as 0.1",
                problem("reuseJitter", "2"));
        assertEquals("engine: \"wasmer\" is not an engine; write endive or wasmtime", problem("engine", "wasmer"));
        assertEquals("env: \"FOO\" is not NAME=value; write NAME=value,NAME2=value2", problem("env", "FOO"));
        assertEquals("headers: \"env FOO\" is not a header; write name: value, one per line",
                problem("headers", "env FOO"));
        assertEquals("outboundAllowedHosts: \"http://example.com\" is not a host; write api.example.com,"
                + " *.example.com, host:port or *", problem("outboundAllowedHosts", "http://example.com"));
        assertEquals("maxInstances: a list is not allowed here; write a whole number of at least 1",
                problem("maxInstances", List.of("1")));
        assertEquals("maxInstances: null is not a value; write a whole number of at least 1",
                problem("maxInstances", null));
    }

    @Test
    void anUnknownKeySuggestsTheClosestOne() {
        assertEquals("maxInstance: unknown key; did you mean maxInstances?", problem("maxInstance", "1"));
        assertEquals("max-instances: unknown key; did you mean maxInstances?", problem("max-instances", "1"));
        assertEquals("IDLEINSTANCETIMEOUT: unknown key; did you mean idleInstanceTimeout?",
                problem("IDLEINSTANCETIMEOUT", "1s"));
        assertTrue(problem("colour", "red").startsWith("colour: unknown key; the keys are component, engine, "));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SettingsException e = assertThrows(SettingsException.class, () -> WasmletSettings.builder()
                .set("idleInstanceTimeout", "soon").set("maxInstances", "2").set("warmInstances", "3").build());
        assertEquals(List.of(
                "idleInstanceTimeout: \"soon\" is not a duration; write 1s or 250ms",
                "component: missing; write the path of the wasi:http component, such as /WEB-INF/app.wasm,"
                        + " classpath:app.wasm or file:/srv/app.wasm",
                "warmInstances: \"3\" is more than maxInstances (2); write at most 2"), e.problems());
        assertTrue(e.getMessage().startsWith("3 settings are invalid:\n - idleInstanceTimeout"));
    }

    @Test
    void listsAndMapsAreReadFromTextOrJsonForms() {
        WasmletSettings s = withComponent().set("env", "A=1,B=x=y\nC=")
                .set("outboundAllowedHosts", "api.example.com, *.Example.org:8443 [::1]:80")
                .set("headers", "env: FOO\n\nx-b:  two words ").build();
        assertEquals(Map.of("A", "1", "B", "x=y", "C", ""), s.env());
        assertEquals(List.of("api.example.com", "*.example.org:8443", "[::1]:80"), s.outboundAllowedHosts());
        assertEquals(Headers.of("env", "FOO", "x-b", "two words"), s.headers());
        WasmletSettings json = withComponent().set("env", Map.of("GREETING", "hi"))
                .set("outboundAllowedHosts", List.of("*")).set("headers", List.of("x-a: 1")).build();
        assertEquals(Map.of("GREETING", "hi"), json.env());
        assertEquals(List.of("*"), json.outboundAllowedHosts());
        assertEquals(Headers.of("x-a", "1"), json.headers());
    }

    @Test
    void theComponentMustExistWhereItsLocationSays() throws Exception {
        Path file = Files.createTempFile("component", ".wasm");
        assertEquals(file.toUri().toURL(), WasmletSettings.builder().set("component", file.toString()).build()
                .componentUrl());
        assertEquals(file.toUri().toURL(), WasmletSettings.builder().set("component", "file:" + file).build()
                .componentUrl());
        Files.delete(file);
        SettingsException gone = assertThrows(SettingsException.class,
                () -> WasmletSettings.builder().set("component", file.toString()).build());
        assertEquals("component: \"" + file + "\" does not exist on the file system; write /WEB-INF/...,"
                + " classpath:..., file:... or a file path", gone.getMessage());
        SettingsException web = assertThrows(SettingsException.class,
                () -> WasmletSettings.builder().set("component", "/WEB-INF/app.wasm").build());
        assertTrue(web.getMessage().contains("does not exist in the web application"), web.getMessage());
    }

    @Test
    void keysHaveOneSpellingAndAKebabCaseCommandLineForm() {
        assertEquals("max-instance-concurrent-reuse-count", Key.MAX_INSTANCE_CONCURRENT_REUSE_COUNT.cliName());
        for (Key k : Key.values()) {
            assertEquals(k, Key.forName(k.key()));
            assertEquals(k.key(), Values.camelCase(k.cliName()));
        }
        assertNull(Key.forName("MaxInstances"));
    }

    @Test
    void theReadmeDocumentsEveryKeyWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Key k : Key.values()) {
            String d = k.defaultText() == null ? "(required)" : k.defaultText().isEmpty() ? "(none)" : k.defaultText();
            String row = "| `" + k.key() + "` | `" + d + "` | " + (k.isLive() ? "live" : "sealed") + " | ";
            assertTrue(readme.contains(row), "README.md lacks the row " + row);
        }
    }

    @Test
    void withoutAFactoryTheListenerSaysWhatIsMissing() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            ServletContext ctx = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServletContext.class}, (proxy, method, args) ->
                            method.getName().equals("getClassLoader") ? empty : null);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new WasmPoolListener().factory(ctx));
            assertEquals("no dev.wasmlet.servlet.ProxyHandlerFactory found: put the Wasmlet jar that loads"
                    + " components (it declares META-INF/services/dev.wasmlet.servlet.ProxyHandlerFactory) in"
                    + " WEB-INF/lib", e.getMessage());
        }
    }
}
