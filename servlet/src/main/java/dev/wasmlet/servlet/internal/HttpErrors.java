package dev.wasmlet.servlet.internal;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.ExpirationError;
import dev.wasmlet.handler.GuestResponseError;
import dev.wasmlet.handler.HandlerClosedError;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.InstantiationError;
import dev.wasmlet.handler.Response;
import dev.wasmlet.handler.TrapError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;

/**
 * The one place where a failure becomes an HTTP status:
 *
 * <table>
 *   <caption>failures and statuses</caption>
 *   <tr><th>failure</th><th>status</th></tr>
 *   <tr><td>{@link InstantiationError} at the pool's limit, after {@code poolWaitTimeout}</td>
 *       <td>503 with {@code Retry-After}</td></tr>
 *   <tr><td>{@link HandlerClosedError} (the application is stopping)</td><td>503</td></tr>
 *   <tr><td>{@link ExpirationError} (the request's deadline passed)</td><td>504</td></tr>
 *   <tr><td>{@link TrapError}, {@link GuestResponseError}, other {@link InstantiationError}</td>
 *       <td>500</td></tr>
 *   <tr><td>{@link RequestBodyTooLarge}</td><td>413, closing the connection</td></tr>
 *   <tr><td>anything else</td><td>500</td></tr>
 * </table>
 *
 * <p>The body is one line of {@code text/plain} naming the request id, such as {@code guest timed
 * out (request 7f3a09c2e1b4)}; the log gets a WARN line with the request id and the cause.
 */
public final class HttpErrors {
    private HttpErrors() {
    }

    /** What to answer for a failure. */
    public record Answer(int status, String message, long retryAfterSeconds, boolean closeConnection,
                         boolean unexpected) {
    }

    /** The answer for {@code error}; {@code poolWaitTimeout} sets {@code Retry-After} of a full pool. */
    public static Answer answer(Throwable error, Duration poolWaitTimeout) {
        Throwable e = unwrap(error);
        if (e instanceof InstantiationError ie && ie.isPoolLimit()) {
            long seconds = Math.max(1, (poolWaitTimeout.toMillis() + 999) / 1000);
            return new Answer(503, "all guest instances are busy", seconds, false, false);
        }
        if (e instanceof HandlerClosedError) {
            return new Answer(503, "the server is shutting down", 0, false, false);
        }
        if (e instanceof ExpirationError) {
            return new Answer(504, "guest timed out", 0, false, false);
        }
        if (e instanceof TrapError) {
            return new Answer(500, "guest trapped", 0, false, false);
        }
        if (e instanceof GuestResponseError) {
            return new Answer(500, "guest returned no response", 0, false, false);
        }
        if (e instanceof InstantiationError) {
            return new Answer(500, "guest could not be instantiated", 0, false, false);
        }
        if (e instanceof RequestBodyTooLarge) {
            return new Answer(413, "request body too large", 0, true, false);
        }
        return new Answer(500, "internal error", 0, false, true);
    }

    /** The response that says {@code answer} for request {@code requestId}. */
    public static Response response(Answer answer, String requestId) {
        byte[] body = (answer.message() + " (request " + requestId + ")\n").getBytes(StandardCharsets.UTF_8);
        List<String> headers = new ArrayList<>(List.of("content-type", "text/plain; charset=utf-8"));
        if (answer.retryAfterSeconds() > 0) {
            headers.add("retry-after");
            headers.add(Long.toString(answer.retryAfterSeconds()));
        }
        return new Response(answer.status(), Headers.of(headers.toArray(String[]::new)), Body.of(body));
    }

    /** Logs {@code answer} at WARN with the request id and the cause; call with the request's MDC set. */
    public static void log(Logger log, Answer answer, String requestId, Throwable error) {
        Throwable e = unwrap(error);
        if (answer.unexpected()) {
            log.warn("request {}: {} {}: {}", requestId, answer.status(), answer.message(), e.toString(), e);
        } else {
            log.warn("request {}: {} {}: {}", requestId, answer.status(), answer.message(), describe(e));
        }
    }

    /** The failure inside the wrappers {@code CompletableFuture} adds. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String describe(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += ": " + cause.getMessage();
        }
        return text;
    }
}
