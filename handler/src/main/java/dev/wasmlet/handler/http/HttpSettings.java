package dev.wasmlet.handler.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of the {@code wasi:http} host, shared by every instance of a component: the
 * fields size limit, the response body buffer, the outbound allow-list and timeouts. Immutable;
 * it also owns the one {@link java.net.http.HttpClient} its instances send outgoing requests
 * with, made on first use.
 */
public final class HttpSettings {
    /** Default limit of the size of guest-built fields, in bytes (Wasmtime's {@code DEFAULT_FIELD_SIZE_LIMIT}). */
    public static final int DEFAULT_FIELD_SIZE_LIMIT = 128 * 1024;
    /** Default bound of an outgoing body's buffer: how far the guest may write ahead of the consumer. */
    public static final int DEFAULT_BODY_BUFFER_BYTES = 64 * 1024;
    /** Default connect, first-byte and between-bytes timeouts of outgoing requests (as Wasmtime's). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    private static final HttpSettings DEFAULTS = builder().build();

    private final int fieldSizeLimit;
    private final int bodyBufferBytes;
    private final OutboundPolicy outboundPolicy;
    private final Duration connectTimeout;
    private final Duration firstByteTimeout;
    private final Duration betweenBytesTimeout;
    private volatile OutboundClient client;

    private HttpSettings(Builder b) {
        this.fieldSizeLimit = b.fieldSizeLimit;
        this.bodyBufferBytes = b.bodyBufferBytes;
        this.outboundPolicy = b.outboundPolicy;
        this.connectTimeout = b.connectTimeout;
        this.firstByteTimeout = b.firstByteTimeout;
        this.betweenBytesTimeout = b.betweenBytesTimeout;
    }

    /** The defaults: every outgoing request denied. */
    public static HttpSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The most bytes of field lines (with per-line costs) a guest-built {@code fields} may hold. */
    public int fieldSizeLimit() {
        return fieldSizeLimit;
    }

    /** How many bytes of an outgoing body the guest may write before the consumer takes them. */
    public int bodyBufferBytes() {
        return bodyBufferBytes;
    }

    public OutboundPolicy outboundPolicy() {
        return outboundPolicy;
    }

    /** Connect timeout of outgoing requests whose {@code request-options} set none. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time from sending an outgoing request to its response's headers, when the options set none. */
    public Duration firstByteTimeout() {
        return firstByteTimeout;
    }

    /** Longest wait for the next bytes of an incoming response body, when the options set none. */
    public Duration betweenBytesTimeout() {
        return betweenBytesTimeout;
    }

    /** The client of these settings, made on first use. */
    OutboundClient client() {
        OutboundClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = new OutboundClient(this);
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "HttpSettings[fieldSizeLimit=" + fieldSizeLimit + ", bodyBufferBytes=" + bodyBufferBytes
                + ", " + outboundPolicy + ", connectTimeout=" + connectTimeout + ", firstByteTimeout="
                + firstByteTimeout + ", betweenBytesTimeout=" + betweenBytesTimeout + "]";
    }

    /** Builds {@link HttpSettings}; every setting starts at its default. Not thread-safe. */
    public static final class Builder {
        private int fieldSizeLimit = DEFAULT_FIELD_SIZE_LIMIT;
        private int bodyBufferBytes = DEFAULT_BODY_BUFFER_BYTES;
        private OutboundPolicy outboundPolicy = OutboundPolicy.denyAll();
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration firstByteTimeout = DEFAULT_TIMEOUT;
        private Duration betweenBytesTimeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** @param bytes the size limit of guest-built fields, at least 1 */
        public Builder fieldSizeLimit(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("fieldSizeLimit must be positive, was " + bytes);
            }
            this.fieldSizeLimit = bytes;
            return this;
        }

        /** @param bytes the bound of an outgoing body's buffer, at least 1 */
        public Builder bodyBufferBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("bodyBufferBytes must be positive, was " + bytes);
            }
            this.bodyBufferBytes = bytes;
            return this;
        }

        public Builder outboundPolicy(OutboundPolicy policy) {
            this.outboundPolicy = Objects.requireNonNull(policy, "outboundPolicy");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        public Builder firstByteTimeout(Duration timeout) {
            this.firstByteTimeout = positive("firstByteTimeout", timeout);
            return this;
        }

        public Builder betweenBytesTimeout(Duration timeout) {
            this.betweenBytesTimeout = positive("betweenBytesTimeout", timeout);
            return this;
        }

        private static Duration positive(String key, Duration d) {
            Objects.requireNonNull(d, key);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, was " + d);
            }
            return d;
        }

        public HttpSettings build() {
            return new HttpSettings(this);
        }
    }
}
