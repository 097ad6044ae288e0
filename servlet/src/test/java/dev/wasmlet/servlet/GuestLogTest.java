package dev.wasmlet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Log lines of real guests through SLF4J (logback here): guest output and error lines carry the
 * component, the request and the instance in the MDC.
 */
@ParameterizedClass(name = "{0} {1}")
@MethodSource("guests")
class GuestLogTest extends GuestTestBase {
    static Stream<Arguments> guests() {
        return matrix(Guest.C_FREESTANDING, Guest.RUST, Guest.JS);
    }

    @Test
    void guestOutputCarriesTheComponentRequestAndInstanceInTheMdc() throws Exception {
        start();
        try (LogCapture guestLog = new LogCapture(ComponentProxyHandlerFactory.GUEST_LOG.getName())) {
            assertEquals("printed", get("/print").body());
            await("the guest's four lines are logged", () -> guestLog.events.size() == 4);
            Matcher tag = Pattern.compile("stdout \\[(\\d+)] :: line one").matcher(
                    guestLog.events.get(0).getFormattedMessage());
            assertTrue(tag.matches(), guestLog.events.get(0).getFormattedMessage());
            String instance = tag.group(1);
            assertEquals(List.of("INFO stdout [" + instance + "] :: line one", "INFO stdout [" + instance + "] :: ",
                    "INFO stdout [" + instance + "] :: line three", "WARN stderr [" + instance + "] :: error line"),
                    guestLog.events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
            String requestId = guestLog.events.get(0).getMDCPropertyMap().get(RequestContext.MDC_REQUEST_ID);
            assertTrue(requestId.matches(ID), requestId);
            for (ILoggingEvent e : guestLog.events) {
                Map<String, String> mdc = e.getMDCPropertyMap();
                assertEquals(guest.fileName(), mdc.get(RequestContext.MDC_COMPONENT), e.toString());
                assertEquals(instance, mdc.get("wasmlet.instanceId"), e.toString());
                assertEquals(requestId, mdc.get(RequestContext.MDC_REQUEST_ID), e.toString());
            }
        }
    }

    @Test
    void anErrorLineNamesTheRequestThePoolAndTheComponent() throws Exception {
        start();
        try (LogCapture servletLog = new LogCapture(WasmProxyServlet.class.getName())) {
            String requestId = assertError(500, "guest trapped", get("/trap"));
            await("the error is logged", () -> !servletLog.events.isEmpty());
            ILoggingEvent e = servletLog.events.get(0);
            assertEquals("WARN", e.getLevel().toString());
            assertTrue(e.getFormattedMessage().startsWith("request " + requestId + ": 500 guest trapped: "),
                    e.getFormattedMessage());
            Map<String, String> mdc = e.getMDCPropertyMap();
            assertEquals(requestId, mdc.get(RequestContext.MDC_REQUEST_ID));
            assertEquals("default", mdc.get(RequestContext.MDC_POOL));
            assertEquals(guest.fileName(), mdc.get(RequestContext.MDC_COMPONENT));
        }
    }
}
