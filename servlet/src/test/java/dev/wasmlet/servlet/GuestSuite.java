package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.management.Attribute;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * What every guest must get right through the servlet, on both containers: the smoke tests that
 * {@link GuestContractTest} runs with the fake and the C guest, and {@link GuestSmokeTest} with
 * the Rust and JavaScript ones.
 */
abstract class GuestSuite extends GuestTestBase {
    @Test
    void helloAndASmallEcho() throws Exception {
        start();
        HttpResponse<String> hello = get("/hello");
        assertEquals(200, hello.statusCode());
        assertEquals("Hello, WASI!", hello.body());
        HttpResponse<String> echo = http.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello, guest")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echo.statusCode());
        assertEquals("hello, guest", echo.body());
        assertEquals(2, pool().statistics().requests());
        awaitSettled();
    }

    @Test
    void oneMebibyteUpAndDownInSmallChunksWithASlowWriterAndASlowReader() throws Exception {
        start();
        byte[] data = FakeGuests.pattern(0, 1 << 20);
        HttpRequest request = HttpRequest.newBuilder(uri("/echo")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowInput(data, 1000, 16))).build();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream in = r.body()) {
            byte[] buf = new byte[4096];
            int reads = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                received.write(buf, 0, n);
                if (++reads % 8 == 0) {
                    Thread.sleep(1); // a slow reader
                }
            }
        }
        assertEquals(data.length, received.size());
        assertArrayEquals(data, received.toByteArray());
        awaitSettled();
    }

    @Test
    void aBusyGuestTimesOutWith504AndTheNextRequestIsServed() throws Exception {
        start(c -> c.param("requestTimeout", "200ms"));
        assertError(504, "guest timed out", get("/busy"));
        // No limit for the next one: a fresh JavaScript instance may take longer than 200 ms to say hello.
        ManagementFactory.getPlatformMBeanServer().setAttribute(new ObjectName(
                "dev.wasmlet:type=Pool,context=/,name=" + guest.fileName()), new Attribute("requestTimeout", "0"));
        assertEquals("Hello, WASI!", get("/hello").body());
        assertEquals(1, pool().statistics().requestExpirations());
        awaitSettled();
    }

    @Test
    void aTrapIs500AndTheNextRequestIsServed() throws Exception {
        start();
        assertError(500, "guest trapped", get("/trap"));
        assertEquals("Hello, WASI!", get("/hello").body());
        assertEquals(1, pool().statistics().traps());
        awaitSettled();
    }
}
