package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.VariantValue;
import java.util.List;
import java.util.Optional;

/**
 * The 39 cases of the WIT variant {@code wasi:http/types.error-code}, in WIT order, so that Java
 * code names a case instead of its index. A value of the variant crosses the canonical ABI as a
 * {@link VariantValue}: {@link #value()} makes one with an empty payload, the static factories
 * make the ones that carry data, and {@link #of(VariantValue)} and {@link #describe(VariantValue)}
 * read one.
 *
 * <p>Payload shapes: an {@code option<T>} is an {@link Optional}; a record ({@code
 * DNS-error-payload}, {@code TLS-alert-received-payload}, {@code field-size-payload}) is a {@link
 * List} of its fields, each an {@link Optional}.
 */
public enum ErrorCode {
    DNS_TIMEOUT("DNS-timeout", Payload.NONE),
    DNS_ERROR("DNS-error", Payload.RECORD),
    DESTINATION_NOT_FOUND("destination-not-found", Payload.NONE),
    DESTINATION_UNAVAILABLE("destination-unavailable", Payload.NONE),
    DESTINATION_IP_PROHIBITED("destination-IP-prohibited", Payload.NONE),
    DESTINATION_IP_UNROUTABLE("destination-IP-unroutable", Payload.NONE),
    CONNECTION_REFUSED("connection-refused", Payload.NONE),
    CONNECTION_TERMINATED("connection-terminated", Payload.NONE),
    CONNECTION_TIMEOUT("connection-timeout", Payload.NONE),
    CONNECTION_READ_TIMEOUT("connection-read-timeout", Payload.NONE),
    CONNECTION_WRITE_TIMEOUT("connection-write-timeout", Payload.NONE),
    CONNECTION_LIMIT_REACHED("connection-limit-reached", Payload.NONE),
    TLS_PROTOCOL_ERROR("TLS-protocol-error", Payload.NONE),
    TLS_CERTIFICATE_ERROR("TLS-certificate-error", Payload.NONE),
    TLS_ALERT_RECEIVED("TLS-alert-received", Payload.RECORD),
    HTTP_REQUEST_DENIED("HTTP-request-denied", Payload.NONE),
    HTTP_REQUEST_LENGTH_REQUIRED("HTTP-request-length-required", Payload.NONE),
    HTTP_REQUEST_BODY_SIZE("HTTP-request-body-size", Payload.OPTION),
    HTTP_REQUEST_METHOD_INVALID("HTTP-request-method-invalid", Payload.NONE),
    HTTP_REQUEST_URI_INVALID("HTTP-request-URI-invalid", Payload.NONE),
    HTTP_REQUEST_URI_TOO_LONG("HTTP-request-URI-too-long", Payload.NONE),
    HTTP_REQUEST_HEADER_SECTION_SIZE("HTTP-request-header-section-size", Payload.OPTION),
    HTTP_REQUEST_HEADER_SIZE("HTTP-request-header-size", Payload.OPTION),
    HTTP_REQUEST_TRAILER_SECTION_SIZE("HTTP-request-trailer-section-size", Payload.OPTION),
    HTTP_REQUEST_TRAILER_SIZE("HTTP-request-trailer-size", Payload.RECORD),
    HTTP_RESPONSE_INCOMPLETE("HTTP-response-incomplete", Payload.NONE),
    HTTP_RESPONSE_HEADER_SECTION_SIZE("HTTP-response-header-section-size", Payload.OPTION),
    HTTP_RESPONSE_HEADER_SIZE("HTTP-response-header-size", Payload.RECORD),
    HTTP_RESPONSE_BODY_SIZE("HTTP-response-body-size", Payload.OPTION),
    HTTP_RESPONSE_TRAILER_SECTION_SIZE("HTTP-response-trailer-section-size", Payload.OPTION),
    HTTP_RESPONSE_TRAILER_SIZE("HTTP-response-trailer-size", Payload.RECORD),
    HTTP_RESPONSE_TRANSFER_CODING("HTTP-response-transfer-coding", Payload.OPTION),
    HTTP_RESPONSE_CONTENT_CODING("HTTP-response-content-coding", Payload.OPTION),
    HTTP_RESPONSE_TIMEOUT("HTTP-response-timeout", Payload.NONE),
    HTTP_UPGRADE_FAILED("HTTP-upgrade-failed", Payload.NONE),
    HTTP_PROTOCOL_ERROR("HTTP-protocol-error", Payload.NONE),
    LOOP_DETECTED("loop-detected", Payload.NONE),
    CONFIGURATION_ERROR("configuration-error", Payload.NONE),
    INTERNAL_ERROR("internal-error", Payload.OPTION);

    /** What a case carries. */
    private enum Payload {
        /** Nothing. */
        NONE,
        /** An {@code option<T>}. */
        OPTION,
        /** A record of two optional fields. */
        RECORD
    }

    private static final ErrorCode[] CASES = values();

    private final String witName;
    private final Payload payload;

    ErrorCode(String witName, Payload payload) {
        this.witName = witName;
        this.payload = payload;
    }

    /** The case's index in the WIT variant. */
    public int index() {
        return ordinal();
    }

    /** The case's WIT name, such as {@code HTTP-request-denied}. */
    public String witName() {
        return witName;
    }

    /** Whether the case carries a payload. */
    public boolean hasPayload() {
        return payload != Payload.NONE;
    }

    /** The variant value of this case, with an empty payload where the case has one. */
    public VariantValue value() {
        switch (payload) {
            case OPTION:
                return new VariantValue(ordinal(), Optional.empty());
            case RECORD:
                return new VariantValue(ordinal(), List.of(Optional.empty(), Optional.empty()));
            default:
                return new VariantValue(ordinal(), null);
        }
    }

    /** The case of index {@code index}. */
    public static ErrorCode of(int index) {
        if (index < 0 || index >= CASES.length) {
            throw new IllegalArgumentException("error-code has no case " + index);
        }
        return CASES[index];
    }

    /** The case of {@code code}, a value of {@code error-code}. */
    public static ErrorCode of(VariantValue code) {
        return of(code.caseIndex());
    }

    /** The case whose WIT name is {@code witName}, or null. */
    public static ErrorCode byWitName(String witName) {
        for (ErrorCode c : CASES) {
            if (c.witName.equals(witName)) {
                return c;
            }
        }
        return null;
    }

    /** {@code internal-error(some(message))}. */
    public static VariantValue internalError(String message) {
        return new VariantValue(INTERNAL_ERROR.ordinal(), Optional.ofNullable(message));
    }

    /** {@code DNS-error} with its {@code rcode} and {@code info-code} (either may be null). */
    public static VariantValue dnsError(String rcode, Integer infoCode) {
        return new VariantValue(DNS_ERROR.ordinal(), List.of(Optional.ofNullable(rcode),
                Optional.ofNullable(infoCode == null ? null : (short) infoCode.intValue())));
    }

    /** {@code HTTP-request-body-size(some(size))}. */
    public static VariantValue requestBodySize(long size) {
        return new VariantValue(HTTP_REQUEST_BODY_SIZE.ordinal(), Optional.of(size));
    }

    /** {@code HTTP-response-body-size(some(size))}. */
    public static VariantValue responseBodySize(long size) {
        return new VariantValue(HTTP_RESPONSE_BODY_SIZE.ordinal(), Optional.of(size));
    }

    /**
     * A readable form of {@code code}: the WIT name, with the payload's present parts in
     * parentheses, as in {@code internal-error("boom")} or {@code HTTP-response-body-size(12)}.
     */
    public static String describe(VariantValue code) {
        if (code == null) {
            return "null";
        }
        if (code.caseIndex() < 0 || code.caseIndex() >= CASES.length) {
            return "error-code#" + code.caseIndex();
        }
        StringBuilder s = new StringBuilder(CASES[code.caseIndex()].witName);
        String payload = describePayload(code.payload());
        if (!payload.isEmpty()) {
            s.append('(').append(payload).append(')');
        }
        return s.toString();
    }

    private static String describePayload(Object payload) {
        if (payload == null) {
            return "";
        }
        if (payload instanceof Optional<?> o) {
            return o.map(ErrorCode::describePayload).orElse("");
        }
        if (payload instanceof List<?> fields) {
            StringBuilder s = new StringBuilder();
            for (Object f : fields) {
                String part = describePayload(f);
                if (!part.isEmpty()) {
                    s.append(s.length() == 0 ? "" : ", ").append(part);
                }
            }
            return s.toString();
        }
        if (payload instanceof String text) {
            return '"' + text + '"';
        }
        if (payload instanceof Short v) {
            return Integer.toString(Short.toUnsignedInt(v));
        }
        if (payload instanceof Byte v) {
            return Integer.toString(Byte.toUnsignedInt(v));
        }
        if (payload instanceof Integer v) {
            return Integer.toUnsignedString(v);
        }
        if (payload instanceof Long v) {
            return Long.toUnsignedString(v);
        }
        return String.valueOf(payload);
    }

    @Override
    public String toString() {
        return witName;
    }
}
