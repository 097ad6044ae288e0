package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.HandlerClosedError;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.PoolStatistics;
import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.handler.Request;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet over real HTTP on loopback, once in embedded Jetty 12 (ee10) and once in embedded
 * Tomcat 11, with the Java guests of {@link FakeGuests}: what needs the fake's extra routes, and
 * configuration, JMX and lifecycle, which do not depend on the guest. {@link GuestContractTest}
 * has the HTTP contract, with the fake and the real guests.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("guests")
class ServletSuiteTest extends GuestTestBase {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    static Stream<Arguments> guests() {
        return matrix(Guest.FAKE);
    }

    // ---------------------------------------------------------------- requests and responses

    @Test
    void helloOverKeepAliveConnections() throws Exception {
        start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get("/hello");
            assertEquals(200, r.statusCode());
            assertEquals("Hello, WASI!", r.body());
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertTrue(id.matches(ID), id);
            ids.add(id);
        }
        assertEquals(5, ids.stream().distinct().count(), "request ids are unique: " + ids);
        assertEquals(5, pool().statistics().requests());
    }

    @Test
    void trailersGoBothWaysThroughAnEcho() throws Exception {
        start();
        byte[] a = FakeGuests.pattern(0, 3000);
        byte[] b = FakeGuests.pattern(3000, 5000);
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("POST /echo HTTP/1.1", "Host: localhost", "Transfer-Encoding: chunked", "Trailer: X-Checksum",
                    "TE: trailers", "Connection: close");
            raw.chunk(a);
            raw.chunk(b);
            raw.lastChunk("X-Checksum: abc123");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertTrue(reply.complete());
            assertEquals("chunked", reply.header("transfer-encoding"));
            assertArrayEquals(FakeGuests.pattern(0, 8000), reply.body());
            assertEquals(Map.of("x-checksum", "abc123"), reply.trailers());
        }
    }

    @Test
    void aServletGivenAPoolInCodeServesWithIt() throws Exception {
        WasmletSettings settings = WasmletSettings.builder().set("component", "classpath:fake.wasm")
                .set("warmInstances", "0").set("maxRequestBodySize", "1KiB").build();
        ProxyHandler<RequestContext> handler = new FakeGuests().create(settings);
        try {
            container.listener = false;
            container.servlet("embedded", new WasmProxyServlet(handler, settings), Map.of(), "/*");
            assertTrue(container.start());
            assertEquals("Hello, WASI!", get("/hello").body());
            HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(uri("/request-trailers"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode());
            assertEquals(1, handler.statistics().requests(), "the 413 never reached the pool");
        } finally {
            handler.shutdown(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aResponseBodyThatFailsAfterTheResponseStartedBreaksTheConnection() throws Exception {
        start();
        try (RawHttp raw = new RawHttp(container.port())) {
            raw.head("GET /fail-mid-body HTTP/1.1", "Host: localhost");
            RawHttp.Reply reply = raw.read();
            assertEquals(200, reply.status());
            assertFalse(reply.complete(), "the client can tell the body is truncated");
        }
        awaitNoBusyInstance();
        assertEquals(200, get("/hello").statusCode());
    }

    // ---------------------------------------------------------------- JMX

    @Test
    void jmxShowsThePoolAndAPolicyChangeTakesEffect() throws Exception {
        start();
        ObjectName name = new ObjectName("dev.wasmlet:type=Pool,context=/,name=fake.wasm");
        assertTrue(JMX.isRegistered(name));
        HttpResponse<String> first = get("/hello");
        HttpResponse<String> second = get("/hello");
        assertNotEquals(first.headers().firstValue("x-instance"), second.headers().firstValue("x-instance"),
                "a fresh instance per request by default");
        for (MBeanAttributeInfo a : JMX.getMBeanInfo(name).getAttributes()) {
            assertNotNull(JMX.getAttribute(name, a.getName()), a.getName());
            assertFalse(a.getDescription().isBlank(), a.getName());
        }
        assertEquals(2L, JMX.getAttribute(name, "requests"));
        assertEquals(64, JMX.getAttribute(name, "maxInstances"));
        assertEquals("1s", JMX.getAttribute(name, "idleInstanceTimeout"));
        assertEquals(1L, JMX.getAttribute(name, "maxInstanceReuseCount"));
        await("the JMX view shows no busy instance", () -> {
            try {
                return Integer.valueOf(0).equals(JMX.getAttribute(name, "busyInstances"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue((Long) JMX.getAttribute(name, "instantiations") >= 2);

        JMX.setAttribute(name, new Attribute("maxInstanceReuseCount", 3L));
        assertEquals(3L, JMX.getAttribute(name, "maxInstanceReuseCount"));
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            awaitSettled();
            instances.add(get("/hello").headers().firstValue("x-instance").orElseThrow());
        }
        assertEquals(instances.get(0), instances.get(1), "reused after the JMX change: " + instances);
        assertEquals(instances.get(0), instances.get(2), "reused after the JMX change: " + instances);
        assertNotEquals(instances.get(0), instances.get(3), "retired after 3 requests: " + instances);

        JMX.setAttribute(name, new Attribute("warmInstances", 2));
        await("two spares are made and idle", () -> pool().statistics().spares() == 2
                && pool().statistics().idle() >= 2);

        InvalidAttributeValueException bad = assertThrows(InvalidAttributeValueException.class,
                () -> JMX.setAttribute(name, new Attribute("idleInstanceTimeout", "1 sec")));
        assertEquals("idleInstanceTimeout: \"1 sec\" is not a duration; write 1s or 250ms", bad.getMessage());
        MBeanException sealed = assertThrows(MBeanException.class,
                () -> JMX.setAttribute(name, new Attribute("maxInstances", 5)));
        assertTrue(sealed.getMessage().startsWith("maxInstances is sealed at start-up: change it in web.xml"),
                sealed.getMessage());
        MBeanException sealedFromParam = assertThrows(MBeanException.class,
                () -> JMX.setAttribute(name, new Attribute("component", "x.wasm")));
        assertTrue(sealedFromParam.getMessage().contains("change it in web.xml context-param and restart"),
                sealedFromParam.getMessage());

        JMX.setAttribute(name, new Attribute("warmInstances", 0));
        assertEquals(0, JMX.getAttribute(name, "warmInstances"));
        assertTrue((Integer) JMX.invoke(name, "reclaimIdle", new Object[] {0}, new String[] {"int"}) >= 2);
        await("no instance is idle", () -> pool().statistics().idle() == 0);
    }

    @Test
    void stoppingTheApplicationDrainsThePoolAndUnregistersItsMBean() throws Exception {
        start();
        assertEquals(200, get("/hello").statusCode());
        ProxyHandler<RequestContext> handler = pool();
        ObjectName name = new ObjectName("dev.wasmlet:type=Pool,context=/,name=fake.wasm");
        assertTrue(JMX.isRegistered(name));
        RecordingListener listener = RecordingListener.last;
        container.stop();
        assertFalse(JMX.isRegistered(name));
        assertEquals(WasmPoolListener.State.STOPPED, listener.state());
        PoolStatistics.Snapshot s = handler.statistics();
        assertEquals(0, s.live());
        ExecutionException closed = assertThrows(ExecutionException.class, () -> handler.handle(
                new RequestContext("x", "default", null), new Request("GET", "http", "h", "/", Headers.EMPTY,
                        Body.empty())).get(5, TimeUnit.SECONDS));
        assertTrue(closed.getCause() instanceof HandlerClosedError);
    }

    // ---------------------------------------------------------------- configuration

    static Stream<Arguments> configurationErrors() {
        return Stream.of(
                Arguments.of(Map.of("component", "classpath:fake.wasm", "maxInstance", "4"), null,
                        "maxInstance: unknown key (in web.xml context-param); did you mean maxInstances?"),
                Arguments.of(Map.of("component", "classpath:fake.wasm", "idleInstanceTimeout", "1 sec"), null,
                        "idleInstanceTimeout: \"1 sec\" is not a duration; write 1s or 250ms"
                                + " (in web.xml context-param)"),
                Arguments.of(Map.of("component", "classpath:fake.wasm", "maxMemory", "64MB"), null,
                        "maxMemory: \"64MB\" is not a size; write 64MiB, 512KiB or a number of bytes"
                                + " (in web.xml context-param)"),
                Arguments.of(Map.of("maxInstances", "4"), null,
                        "component: missing; write the path of the wasi:http component, such as /WEB-INF/app.wasm,"
                                + " classpath:app.wasm or file:/srv/app.wasm"),
                Arguments.of(Map.of("component", "/WEB-INF/nope.wasm"), null,
                        "component: \"/WEB-INF/nope.wasm\" does not exist in the web application; write /WEB-INF/...,"
                                + " classpath:..., file:... or a file path (in web.xml context-param)"),
                Arguments.of(Map.of("component", "classpath:fake.wasm", "maxInstances", "4", "warmInstances", "8"),
                        null, "warmInstances: \"8\" is more than maxInstances (4); write at most 4"
                                + " (in web.xml context-param)"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/missing.json"), null,
                        "wasmlet.config: \"/WEB-INF/missing.json\" does not exist in the web application; write"
                                + " /WEB-INF/wasmlet.json, classpath:wasmlet.json or file:/etc/wasmlet.json"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json"),
                        "{\"component\": \"classpath:fake.wasm\", \"maxInstnaces\": 4}",
                        "maxInstnaces: unknown key (in /WEB-INF/wasmlet.json); did you mean maxInstances?"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json"),
                        "{\"component\": \"classpath:fake.wasm\",\n \"maxInstances\": }",
                        "wasmlet.config: /WEB-INF/wasmlet.json is not valid JSON at line 2, column"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json", "maxInstances", "3"),
                        "{\"component\": \"classpath:fake.wasm\"}",
                        "maxInstances: set both as web.xml context-param and in /WEB-INF/wasmlet.json"
                                + " (wasmlet.config); keep one"),
                Arguments.of(Map.of("wasmlet.config", "/WEB-INF/wasmlet.json"),
                        "{\"component\": \"classpath:fake.wasm\", \"requestTimeout\": 5, \"inheritEnv\": \"yes\"}",
                        "2 settings are invalid:\n - inheritEnv: \"yes\" is not a boolean; write true or false"
                                + " (in /WEB-INF/wasmlet.json)\n - requestTimeout: \"5\" is not a duration; write 1s"
                                + " or 250ms (in /WEB-INF/wasmlet.json)"));
    }

    @ParameterizedTest
    @MethodSource("configurationErrors")
    void aBadConfigurationStopsTheApplicationWithAMessageNamingKeyValueAndForm(Map<String, String> params, String json,
                                                                              String expected) throws Exception {
        params.forEach(container::param);
        if (json != null) {
            container.file("WEB-INF/wasmlet.json", json);
        }
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertFalse(container.start(), "the context must not start");
        assertEquals(1, RecordingListener.FAILURES.size(), RecordingListener.FAILURES::toString);
        String message = RecordingListener.FAILURES.get(0).getMessage();
        assertTrue(message.startsWith(expected), () -> "message was:\n" + message + "\nexpected:\n" + expected);
        assertTrue(RecordingListener.FAILURES.get(0) instanceof SettingsException);
    }

    @Test
    void anUnknownServletInitParamIsAnError() throws Exception {
        container.param("component", "classpath:fake.wasm");
        container.servlet("wasm", WasmProxyServlet.class, Map.of("maxInstanse", "3"), "/*");
        assertFalse(container.start());
        assertEquals("maxInstanse: unknown key (in init-param of servlet \"wasm\"); did you mean maxInstances?",
                RecordingListener.FAILURES.get(0).getMessage());
    }

    @Test
    void jsonFromWebInf() throws Exception {
        container.file("WEB-INF/app.wasm", "\0asm");
        container.file("WEB-INF/wasmlet.json", "{\"component\": \"/WEB-INF/app.wasm\", \"maxInstances\": 3,"
                + " \"warmInstances\": 0, \"env\": {\"FOO\": \"bar\"}}");
        container.param("wasmlet.config", "/WEB-INF/wasmlet.json");
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertEquals("Hello, WASI!", get("/hello").body());
        ObjectName name = new ObjectName("dev.wasmlet:type=Pool,context=/,name=app.wasm");
        assertEquals(3, JMX.getAttribute(name, "maxInstances"));
        assertEquals("FOO", JMX.getAttribute(name, "env"), "names only");
        assertEquals(Map.of("FOO", "bar"), ((WasmletSettings) container.servletContext()
                .getAttribute(WasmPoolListener.SETTINGS_ATTRIBUTE_PREFIX + "default")).env());
    }

    @Test
    void jsonFromTheClassPath() throws Exception {
        container.param("wasmlet.config", "classpath:wasmlet-test.json");
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertTrue(get("/inspect").body().contains("header x-from: classpath-json\n"));
        assertEquals(5, JMX.getAttribute(new ObjectName("dev.wasmlet:type=Pool,context=/,name=fake.wasm"),
                "maxInstances"));
    }

    @Test
    void jsonFromAFile() throws Exception {
        Path file = Files.createTempFile("wasmlet", ".json");
        Files.writeString(file, "{\"component\": \"classpath:fake.wasm\", \"maxInstances\": 7, \"warmInstances\": 0}");
        container.param("wasmlet.config", "file:" + file);
        container.servlet("wasm", WasmProxyServlet.class, Map.of(), "/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertEquals("Hello, WASI!", get("/hello").body());
        assertEquals(7, pool().statistics().maxInstances());
    }

    @Test
    void namedPoolsFromJsonServeTheServletsThatNameThem() throws Exception {
        container.file("WEB-INF/wasmlet.json", "{\"component\": \"classpath:fake.wasm\", \"warmInstances\": 0,"
                + " \"pools\": {\"api\": {\"maxInstances\": 2}, \"admin\": {\"maxInstances\": 1}}}");
        container.param("wasmlet.config", "/WEB-INF/wasmlet.json");
        container.servlet("api", WasmProxyServlet.class, Map.of("pool", "api"), "/api/*");
        container.servlet("admin", WasmProxyServlet.class, Map.of("pool", "admin"), "/admin/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertTrue(get("/api/inspect").body().contains("pool: api\n"));
        assertTrue(get("/admin/inspect").body().contains("pool: admin\n"));
        assertEquals(2, JMX.getAttribute(new ObjectName("dev.wasmlet:type=Pool,context=/,name=api"), "maxInstances"));
        assertEquals(1, JMX.getAttribute(new ObjectName("dev.wasmlet:type=Pool,context=/,name=admin"),
                "maxInstances"));
    }

    @Test
    void servletInitParamsDefineAPoolOfTheirOwn() throws Exception {
        container.param("warmInstances", "0");
        container.servlet("shop", WasmProxyServlet.class, Map.of("component", "classpath:fake.wasm",
                "maxInstances", "2"), "/shop/*");
        assertTrue(container.start(), () -> "not started: " + RecordingListener.FAILURES);
        assertTrue(get("/shop/inspect").body().contains("pool: shop\n"));
        assertEquals(2, pool("shop").statistics().maxInstances());
        assertEquals(0, pool("shop").statistics().warmInstances(), "context-params are the defaults");
    }
}
