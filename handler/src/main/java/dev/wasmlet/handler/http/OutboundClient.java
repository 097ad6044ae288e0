package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the guests' outgoing requests with {@link HttpClient}: one client per {@link
 * HttpSettings} (its connect timeout is the client's), HTTP/1.1, no redirects followed. Checks the
 * allow-list, validates the request, streams the body as the guest writes it, and maps failures
 * to {@code error-code}s. Thread-safe.
 *
 * <p>A request whose {@code request-options} set another connect timeout is sent with a client of
 * that timeout; at most {@link #MAX_CLIENTS} such clients are kept, after which the settings'
 * client (and its timeout) is used. Request trailers are not sent: {@link HttpClient} cannot.
 */
final class OutboundClient {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundClient.class);

    /** The most clients kept for connect timeouts other than the settings' one. */
    static final int MAX_CLIENTS = 8;

    /** Fields {@link HttpClient} sets itself and refuses from callers. */
    private static final Set<String> CLIENT_FIELDS = Set.of("content-length", "expect", "connection", "host",
            "upgrade");

    private final HttpSettings settings;
    /**
     * Made on the first request the allow-list lets through, not before: a JDK {@link HttpClient}
     * starts a selector thread that lives until the client is garbage collected (Java 17 cannot
     * close one), which a servlet container reports as a thread the application left behind.
     */
    private volatile HttpClient client;
    private final Map<Duration, HttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    OutboundClient(HttpSettings settings) {
        this.settings = settings;
    }

    private HttpClient defaultClient() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = newClient(settings.connectTimeout());
                    client = c;
                }
            }
        }
        return c;
    }

    private static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    private HttpClient clientFor(Duration connectTimeout) {
        if (connectTimeout.equals(settings.connectTimeout())) {
            return defaultClient();
        }
        HttpClient c = byConnectTimeout.get(connectTimeout);
        if (c != null) {
            return c;
        }
        if (byConnectTimeout.size() >= MAX_CLIENTS) {
            return defaultClient();
        }
        return byConnectTimeout.computeIfAbsent(connectTimeout, OutboundClient::newClient);
    }

    /**
     * {@code outgoing-handler.handle}: sends {@code request}, returning {@code
     * ok(future-incoming-response)} or {@code err(error-code)} for a request that cannot be sent.
     */
    ResultValue send(OutgoingRequest request, Optional<RequestOptions> options, HttpContext context) {
        String method = HttpVariants.methodName(request.method());
        VariantValue schemeValue = request.scheme().orElse(null);
        String scheme;
        if (schemeValue == null || schemeValue.caseIndex() == HttpVariants.SCHEME_HTTPS) {
            scheme = "https";
        } else if (schemeValue.caseIndex() == HttpVariants.SCHEME_HTTP) {
            scheme = "http";
        } else {
            return error(ErrorCode.HTTP_PROTOCOL_ERROR.value(), "scheme " + HttpVariants.schemeName(schemeValue)
                    + " is not http or https");
        }
        String authority = request.authority().orElse("");
        if (authority.isEmpty()) {
            return error(ErrorCode.HTTP_REQUEST_URI_INVALID.value(), "the request has no authority");
        }
        String pathWithQuery = request.pathWithQuery().orElse("/");
        if (pathWithQuery.isEmpty() || pathWithQuery.charAt(0) == '?') {
            pathWithQuery = "/" + pathWithQuery;
        }
        URI uri;
        try {
            uri = new URI(scheme + "://" + authority + encodeForUri(pathWithQuery));
        } catch (URISyntaxException e) {
            return error(ErrorCode.HTTP_REQUEST_URI_INVALID.value(), e.getMessage());
        }
        String host = uri.getHost();
        if (host == null) {
            return error(ErrorCode.HTTP_REQUEST_URI_INVALID.value(), "no host in " + authority);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (!settings.outboundPolicy().allows(host, port)) {
            return error(ErrorCode.HTTP_REQUEST_DENIED.value(), host + ":" + port + " is not on the allow-list");
        }

        Duration connect = duration(options.flatMap(RequestOptions::connectTimeout), settings.connectTimeout());
        Duration firstByte = duration(options.flatMap(RequestOptions::firstByteTimeout), settings.firstByteTimeout());
        Duration betweenBytes = duration(options.flatMap(RequestOptions::betweenBytesTimeout),
                settings.betweenBytesTimeout());

        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(uri).timeout(firstByte);
        } catch (IllegalArgumentException e) {
            return error(ErrorCode.HTTP_REQUEST_URI_INVALID.value(), e.getMessage());
        }
        FieldMap headers = request.headerMap();
        for (int i = 0; i < headers.count(); i++) {
            String name = headers.name(i);
            if (CLIENT_FIELDS.contains(name)) {
                continue;
            }
            try {
                builder.header(name, new String(headers.value(i), StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                LOG.debug("outgoing request to {}: field {} left out: {}", uri, name, e.getMessage());
            }
        }
        try {
            builder.method(method, bodyPublisher(request.streamedBody()));
        } catch (IllegalArgumentException e) {
            return error(ErrorCode.HTTP_REQUEST_METHOD_INVALID.value(), e.getMessage());
        }
        HttpRequest httpRequest = builder.build();

        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> sent =
                clientFor(connect).sendAsync(httpRequest, HttpResponse.BodyHandlers.ofPublisher());
        boolean head = method.equals("HEAD");
        long betweenNanos = betweenBytes.toNanos();
        CompletableFuture<FutureIncomingResponse.Received> received = sent.handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new CompletionException(new HttpErrorException(errorCode(cause), String.valueOf(cause)));
            }
            return received(response, head, betweenNanos, context.fieldSizeLimit());
        });
        received.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                sent.cancel(true);
            }
        });
        return ResultValue.ok(context.track(new FutureIncomingResponse(received)));
    }

    private static FutureIncomingResponse.Received received(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response,
                                                            boolean head, long betweenNanos, int fieldSizeLimit) {
        List<Headers.Field> fields = new ArrayList<>();
        HttpHeaders h = response.headers();
        for (Map.Entry<String, List<String>> e : h.map().entrySet()) {
            if (e.getKey().startsWith(":")) {
                continue;
            }
            for (String v : e.getValue()) {
                fields.add(new Headers.Field(e.getKey().toLowerCase(Locale.ROOT), v));
            }
        }
        FieldMap map = Fields.incoming(new Headers(fields), fieldSizeLimit);
        int status = response.statusCode();
        long declared = head || status == 204 || status == 304 || status < 200 ? -1
                : Math.max(-1, OutgoingResponse.contentLength(map));
        return new FutureIncomingResponse.Received(status, map, response.body(), declared, betweenNanos);
    }

    private static HttpRequest.BodyPublisher bodyPublisher(StreamedBody body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        long length = body.declaredLength();
        if (length < 0 && body.isFinished()) {
            length = body.written(); // all of it is here: send it with its length, not chunked
        }
        if (length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(body, length)
                : HttpRequest.BodyPublishers.fromPublisher(body);
    }

    /** The longest timeout a guest may ask for; longer ones (up to u64 nanoseconds) are cut to it. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    private static Duration duration(Optional<Long> nanos, Duration otherwise) {
        if (nanos.isEmpty()) {
            return otherwise;
        }
        long n = nanos.get();
        if (n < 0 || n > MAX_TIMEOUT.toNanos()) { // a u64 beyond Long.MAX_VALUE is negative here
            return MAX_TIMEOUT;
        }
        return Duration.ofNanos(Math.max(n, 1_000_000)); // HttpClient wants a positive duration; 1 ms at least
    }

    /**
     * Percent-encodes what {@link URI} refuses in a path or query but guests may send: {@code
     * " { } | \ ^ ` < > [ ]}.
     */
    private static String encodeForUri(String pathWithQuery) {
        StringBuilder s = null;
        for (int i = 0; i < pathWithQuery.length(); i++) {
            char c = pathWithQuery.charAt(i);
            if ("\"{}|\\^`<>[]".indexOf(c) >= 0) {
                if (s == null) {
                    s = new StringBuilder(pathWithQuery.substring(0, i));
                }
                s.append('%').append(String.format("%02X", (int) c));
            } else if (s != null) {
                s.append(c);
            }
        }
        return s == null ? pathWithQuery : s.toString();
    }

    private static ResultValue error(VariantValue code, String why) {
        LOG.debug("outgoing request refused: {} ({})", ErrorCode.describe(code), why);
        return ResultValue.error(code);
    }

    /** The {@code error-code} for a failure of an exchange, as Wasmtime maps its client's errors. */
    static VariantValue errorCode(Throwable failure) {
        HttpErrorException h = HttpErrorException.find(failure);
        if (h != null) {
            return h.code();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return ErrorCode.CONNECTION_TIMEOUT.value();
            }
            if (t instanceof HttpTimeoutException) {
                return ErrorCode.CONNECTION_READ_TIMEOUT.value();
            }
            if (t instanceof ConnectException) {
                return ErrorCode.CONNECTION_REFUSED.value();
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return ErrorCode.dnsError("address not available", 0);
            }
            if (t instanceof SSLHandshakeException) {
                return ErrorCode.TLS_CERTIFICATE_ERROR.value();
            }
            if (t instanceof SSLException) {
                return ErrorCode.TLS_PROTOCOL_ERROR.value();
            }
            if (t instanceof EOFException || t instanceof ClosedChannelException) {
                return ErrorCode.CONNECTION_TERMINATED.value();
            }
            if (t instanceof CancellationException) {
                return ErrorCode.internalError("the request was cancelled");
            }
        }
        if (failure instanceof IOException) {
            String message = String.valueOf(failure.getMessage());
            if (message.contains("connection") && (message.contains("closed") || message.contains("reset"))) {
                return ErrorCode.CONNECTION_TERMINATED.value();
            }
            return ErrorCode.HTTP_PROTOCOL_ERROR.value();
        }
        return ErrorCode.internalError(String.valueOf(failure));
    }
}
