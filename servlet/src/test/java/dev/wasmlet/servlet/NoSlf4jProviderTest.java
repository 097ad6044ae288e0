package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * A web application to which the container gives no SLF4J provider, as a WAR without a binding in
 * Tomcat: SLF4J falls back to NOP, and guest output and error lines go to ServletContext.log.
 * Runs in its own surefire execution ({@code no-slf4j-provider}, by its tag), whose class path has
 * no logback.
 */
@Tag("no-slf4j-provider")
@ParameterizedClass(name = "{0} {1}")
@MethodSource("guests")
class NoSlf4jProviderTest extends GuestTestBase {
    static Stream<Arguments> guests() {
        return matrix(Guest.C_FREESTANDING);
    }

    @Test
    void guestOutputAndErrorLinesGoToTheServletContextLog() throws Exception {
        assertInstanceOf(NOPLoggerFactory.class, LoggerFactory.getILoggerFactory(),
                "this test needs a class path without an SLF4J provider (surefire execution no-slf4j-provider)");
        start();
        assertEquals("printed", get("/print").body());
        String requestId = assertError(500, "guest trapped", get("/trap"));

        String source = "Wasmlet [pool default, " + guest.fileName() + "] ";
        List<String> log = container.contextLog;
        await("the error line reaches the context's log",
                () -> log.stream().anyMatch(l -> l.startsWith(source + "WARN request " + requestId
                        + ": 500 guest trapped: ")));
        List<String> guestLines = log.stream().filter(l -> l.contains(" :: ")).toList();
        assertEquals(List.of(source + "INFO stdout [0] :: line one", source + "INFO stdout [0] :: ",
                source + "INFO stdout [0] :: line three", source + "WARN stderr [0] :: error line"), guestLines);
        assertEquals(1, log.stream().filter(l -> l.startsWith("Wasmlet: SLF4J has no provider")).count(),
                () -> "said once: " + log);
    }
}
