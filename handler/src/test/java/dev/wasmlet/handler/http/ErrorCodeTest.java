package dev.wasmlet.handler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.IoError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void thirtyNineCasesInWitOrder() {
        assertEquals(39, ErrorCode.values().length);
        assertEquals("DNS-timeout", ErrorCode.of(0).witName());
        assertEquals(ErrorCode.CONNECTION_REFUSED, ErrorCode.of(6));
        assertEquals(ErrorCode.CONNECTION_TIMEOUT, ErrorCode.of(8));
        assertEquals(ErrorCode.CONNECTION_READ_TIMEOUT, ErrorCode.of(9));
        assertEquals(15, ErrorCode.HTTP_REQUEST_DENIED.index());
        assertEquals(17, ErrorCode.HTTP_REQUEST_BODY_SIZE.index());
        assertEquals(28, ErrorCode.HTTP_RESPONSE_BODY_SIZE.index());
        assertEquals(35, ErrorCode.HTTP_PROTOCOL_ERROR.index());
        assertEquals("internal-error", ErrorCode.of(38).witName());
        assertThrows(IllegalArgumentException.class, () -> ErrorCode.of(39));
        for (ErrorCode c : ErrorCode.values()) {
            assertSame(c, ErrorCode.byWitName(c.witName()));
            assertSame(c, ErrorCode.of(c.value()));
            assertEquals(c.witName(), c.toString());
        }
        assertNull(ErrorCode.byWitName("no-such-case"));
    }

    @Test
    void casesMatchTheWitFile() throws IOException {
        // The WIT the cases must follow: jco 1.35.0's builtin wasi-http 0.2.12, copied.
        String wit = WitCoverageTest.wasiHttpWit();
        Matcher variant = Pattern.compile("variant error-code \\{(.*?)\\}", Pattern.DOTALL).matcher(wit);
        assertTrue(variant.find());
        List<String> names = new ArrayList<>();
        for (String line : variant.group(1).split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("//")) {
                continue;
            }
            names.add(t.replaceAll("[(,].*", ""));
        }
        List<String> ours = new ArrayList<>();
        List<Boolean> payloads = new ArrayList<>();
        List<Boolean> witPayloads = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            ours.add(c.witName());
            payloads.add(c.hasPayload());
        }
        for (String line : variant.group(1).split("\n")) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("//")) {
                witPayloads.add(t.contains("("));
            }
        }
        assertEquals(names, ours);
        assertEquals(witPayloads, payloads);
    }

    @Test
    void payloadsHaveTheirWitShapes() {
        assertNull(ErrorCode.CONNECTION_REFUSED.value().payload());
        assertEquals(Optional.empty(), ErrorCode.HTTP_REQUEST_BODY_SIZE.value().payload());
        assertEquals(List.of(Optional.empty(), Optional.empty()), ErrorCode.DNS_ERROR.value().payload());
        assertEquals(List.of(Optional.empty(), Optional.empty()), ErrorCode.HTTP_RESPONSE_HEADER_SIZE.value().payload());
        assertEquals(new VariantValue(38, Optional.of("x")), ErrorCode.internalError("x"));
        assertEquals(new VariantValue(17, Optional.of(12L)), ErrorCode.requestBodySize(12));
        assertEquals(new VariantValue(1, List.of(Optional.of("NXDOMAIN"), Optional.of((short) 3))),
                ErrorCode.dnsError("NXDOMAIN", 3));
    }

    @Test
    void describeNamesTheCaseAndItsPayload() {
        assertEquals("connection-refused", ErrorCode.describe(ErrorCode.CONNECTION_REFUSED.value()));
        assertEquals("internal-error", ErrorCode.describe(ErrorCode.INTERNAL_ERROR.value()));
        assertEquals("internal-error(\"boom\")", ErrorCode.describe(ErrorCode.internalError("boom")));
        assertEquals("HTTP-response-body-size(12)", ErrorCode.describe(ErrorCode.responseBodySize(12)));
        assertEquals("DNS-error(\"SERVFAIL\", 2)", ErrorCode.describe(ErrorCode.dnsError("SERVFAIL", 2)));
        assertEquals("error-code#99", ErrorCode.describe(new VariantValue(99, null)));
    }

    @Test
    void httpErrorCodeLooksIntoTheIoError() {
        HttpTypesHost host = new HttpTypesHost();
        VariantValue code = ErrorCode.CONNECTION_TERMINATED.value();
        assertEquals(Optional.of(code), host.httpErrorCode(new IoError(new HttpErrorException(code))));
        assertEquals(Optional.of(code),
                host.httpErrorCode(new IoError(new IOException("wrapped", new HttpErrorException(code)))));
        assertFalse(host.httpErrorCode(new IoError(new IOException("plain"))).isPresent());
    }

    @Test
    void headerErrorCases() {
        assertEquals(new VariantValue(0, null), HeaderError.INVALID_SYNTAX.value());
        assertEquals(new VariantValue(1, null), HeaderError.FORBIDDEN.value());
        assertEquals(new VariantValue(2, null), HeaderError.IMMUTABLE.value());
        assertEquals(HeaderError.IMMUTABLE, HeaderError.of(new VariantValue(2, null)));
    }
}
