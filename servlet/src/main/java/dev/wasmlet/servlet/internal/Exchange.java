package dev.wasmlet.servlet.internal;

import dev.wasmlet.handler.Body;
import dev.wasmlet.handler.HandlerClosedError;
import dev.wasmlet.handler.Headers;
import dev.wasmlet.handler.InstantiationError;
import dev.wasmlet.handler.Request;
import dev.wasmlet.handler.Response;
import dev.wasmlet.servlet.RequestContext;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * One request's way through the servlet: converted to a {@link Request}, handed to the pool, and
 * answered with the guest's {@link Response} or with the status {@link HttpErrors} gives its
 * failure.
 *
 * <h2>Ending exactly once</h2>
 * Whatever ends the exchange (the body written, a failure, the client gone), {@link #end} runs
 * once: it cancels the pool's future, closes the {@link ResponseWriter} and then the {@link
 * RequestBody} (each at a moment when it is not using its servlet stream, and each failing or
 * cancelling the guest's side of its body), and only then completes the async context, or, to
 * break a response that was already committed, dispatches to the servlet with {@link
 * #ABORT_ATTRIBUTE} set so that it throws and the container closes the connection. So the
 * servlet never touches a recycled request, and the guest never waits on a body that no one will
 * read or fill: its instance goes back to the pool.
 */
public final class Exchange implements AsyncListener {
    /** Request attribute set on the dispatch that breaks a committed response. */
    public static final String ABORT_ATTRIBUTE = "dev.wasmlet.servlet.abort";

    private final PoolBinding pool;
    private final Logger log;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final RequestContext context;
    private volatile AsyncContext async;
    private volatile RequestBody body;
    /** Guarded by this. */
    private ResponseWriter writer;
    /** Guarded by this. */
    private boolean ended;
    private volatile boolean endedFlag;
    /** Set when the exchange answers with an error before the pool's future exists: it is cancelled on arrival. */
    private volatile boolean answeredByHost;
    private volatile CompletableFuture<Response> pending;

    public Exchange(PoolBinding pool, HttpServletRequest request, HttpServletResponse response, String requestId) {
        this.pool = pool;
        this.log = pool.log();
        this.request = request;
        this.response = response;
        this.context = new RequestContext(requestId, pool.name(), request.getRemoteAddr());
    }

    /** The request's context, as the pool sees it. */
    public RequestContext context() {
        return context;
    }

    /** Starts the exchange; call on the container thread in {@code service}. */
    public void start() throws IOException {
        async = request.startAsync();
        async.setTimeout(0); // the pool enforces deadlines (requestTimeout)
        async.addListener(this);
        long limit = pool.maxRequestBodySize();
        long declared = request.getContentLengthLong();
        if (limit > 0 && declared > limit) {
            fail(new RequestBodyTooLarge(limit));
            return;
        }
        Body requestBody;
        if (hasBody()) {
            body = new RequestBody(request, limit, this::bodyFailed);
            body.start();
            requestBody = body;
        } else {
            requestBody = Body.empty();
        }
        try {
            submit(toRequest(requestBody), true);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Whether the request may have content: a length above 0, chunked, or HTTP/2 without a length. */
    private boolean hasBody() {
        long length = request.getContentLengthLong();
        if (length >= 0) {
            return length > 0;
        }
        String te = request.getHeader("transfer-encoding");
        return te != null || !request.getProtocol().startsWith("HTTP/1");
    }

    private Request toRequest(Body requestBody) {
        String authority = request.getHeader("host");
        if (authority == null || authority.isBlank()) {
            String host = request.getServerName();
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            int port = request.getServerPort();
            boolean standard = port <= 0 || (port == 80 && "http".equals(request.getScheme()))
                    || (port == 443 && "https".equals(request.getScheme()));
            authority = standard ? host : host + ":" + port;
        }
        String query = request.getQueryString();
        String path = request.getRequestURI() + (query != null ? "?" + query : "");
        Set<String> replaced = new HashSet<>();
        for (Headers.Field f : pool.replaceHeaders().fields()) {
            replaced.add(f.name());
        }
        List<Headers.Field> fields = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (replaced.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                fields.add(new Headers.Field(name, value));
            }
        }
        fields.addAll(pool.replaceHeaders().fields());
        return new Request(request.getMethod(), request.getScheme(), authority, path, new Headers(fields), requestBody);
    }

    private void submit(Request r, boolean first) {
        CompletableFuture<Response> future = first ? pool.handler().handle(context, r)
                : pool.handler().handle(context, r, pool.poolWaitTimeout());
        pending = future;
        if (endedFlag || answeredByHost) {
            future.cancel(true);
        }
        future.whenComplete((resp, error) -> answered(resp, error, first));
    }

    private void answered(Response resp, Throwable error, boolean first) {
        logged(() -> handleAnswer(resp, error, first));
    }

    private void handleAnswer(Response resp, Throwable error, boolean first) {
        if (error == null) {
            respond(resp, false);
            return;
        }
        Throwable e = HttpErrors.unwrap(error);
        if (e instanceof CancellationException) {
            return; // the exchange ended and cancelled it
        }
        if (first && e instanceof InstantiationError ie && ie.isPoolLimit() && !pool.poolWaitTimeout().isZero()
                && !endedFlag) {
            log.debug("request {}: the pool is full, waiting up to {} for an instance", context.requestId(),
                    Values.formatDuration(pool.poolWaitTimeout()));
            submit(ie.request(), false);
            return;
        }
        fail(e);
    }

    /** Answers with {@code r}, unless the exchange ended or already answered (then {@code r} is discarded). */
    private void respond(Response r, boolean closeConnection) {
        ResponseWriter w;
        synchronized (this) {
            if (ended || writer != null) {
                w = null;
            } else {
                w = new ResponseWriter(response, r, closeConnection, new ResponseWriter.Outcome() {
                    @Override
                    public void written() {
                        end(null, false);
                    }

                    @Override
                    public void bodyFailed(Throwable cause) {
                        logged(() -> log.warn("request {}: the response body failed after the response started,"
                                + " breaking the connection: {}", context.requestId(), cause.toString()));
                        end(cause, true);
                    }

                    @Override
                    public void clientGone(Throwable cause) {
                        Exchange.this.clientGone(cause);
                    }
                });
                writer = w;
            }
        }
        if (w == null) {
            discard(r);
            return;
        }
        w.start();
    }

    /**
     * Answers {@code error} with its status, when no response was started; otherwise breaks the
     * response, which is all that can be said once the status is out.
     */
    public void fail(Throwable error) {
        HttpErrors.Answer answer = HttpErrors.answer(error, pool.poolWaitTimeout());
        boolean started;
        synchronized (this) {
            if (ended) {
                return;
            }
            started = writer != null;
        }
        logged(() -> HttpErrors.log(log, answer, context.requestId(), error));
        if (started) {
            end(error, true);
            return;
        }
        answeredByHost = true;
        CompletableFuture<Response> p = pending;
        if (p != null) {
            p.cancel(true); // whatever the guest answers now comes too late
        }
        respond(HttpErrors.response(answer, context.requestId()), answer.closeConnection());
    }

    private void bodyFailed(Throwable cause) {
        if (cause instanceof RequestBodyTooLarge) {
            fail(cause);
        } else {
            clientGone(cause);
        }
    }

    private void clientGone(Throwable cause) {
        if (!endedFlag) {
            logged(() -> log.debug("request {}: the client went away: {}", context.requestId(), String.valueOf(cause)));
        }
        end(cause instanceof ClientGone ? cause : new ClientGone(cause), false);
    }

    /**
     * Ends the exchange once: cancels the pool's future, closes the writer and the request body,
     * then completes the async context, or breaks the connection when {@code breakConnection}.
     */
    private void end(Throwable cause, boolean breakConnection) {
        endWith(cause, breakConnection ? this::breakConnection : this::complete);
    }

    private void endWith(Throwable cause, Runnable last) {
        ResponseWriter w;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endedFlag = true;
            w = writer;
        }
        CompletableFuture<Response> p = pending;
        if (p != null) {
            p.cancel(true);
        }
        RequestBody b = body;
        Runnable afterWriter = b == null ? last : () -> b.close(cause != null ? cause
                : new IOException("the response was sent before the request body was read to its end"), last);
        if (w != null) {
            w.close(afterWriter);
        } else {
            afterWriter.run();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            logged(() -> log.debug("request {}: already completed: {}", context.requestId(), e.toString()));
        }
    }

    private void breakConnection() {
        try {
            request.setAttribute(ABORT_ATTRIBUTE, Boolean.TRUE);
            async.dispatch();
        } catch (IllegalStateException e) {
            complete();
        }
    }

    private void discard(Response r) {
        r.body().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.cancel();
            }

            @Override
            public void onNext(java.nio.ByteBuffer item) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    /** Runs {@code action} with the request's id, pool and component in the MDC, as its log lines need. */
    private void logged(Runnable action) {
        String outerId = MDC.get(RequestContext.MDC_REQUEST_ID);
        String outerPool = MDC.get(RequestContext.MDC_POOL);
        String outerComponent = MDC.get(RequestContext.MDC_COMPONENT);
        MDC.put(RequestContext.MDC_REQUEST_ID, context.requestId());
        MDC.put(RequestContext.MDC_POOL, pool.name());
        restore(RequestContext.MDC_COMPONENT, pool.component());
        try {
            action.run();
        } finally {
            restore(RequestContext.MDC_REQUEST_ID, outerId);
            restore(RequestContext.MDC_POOL, outerPool);
            restore(RequestContext.MDC_COMPONENT, outerComponent);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // Completed by us, or by the container on its own: either way nothing may touch the streams.
        if (!endedFlag) {
            endWith(new ClientGone(null), () -> {
            });
        }
    }

    /**
     * The container gives up on the request. Tomcat does so for every request still running when
     * it stops the application, once the Context's {@code unloadDelay} has passed (the event has
     * no throwable then). A listener must complete or dispatch before it returns, or the container
     * answers 500 itself; so the 503 is written here, with blocking I/O, not by a WriteListener.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        HandlerClosedError why = new HandlerClosedError("the container timed out the request"
                + " (it does so for requests still running when it stops the application)");
        HttpErrors.Answer answer = HttpErrors.answer(why, pool.poolWaitTimeout());
        boolean started;
        synchronized (this) {
            if (ended) {
                started = true;
            } else {
                started = writer != null || response.isCommitted();
            }
        }
        logged(() -> HttpErrors.log(log, answer, context.requestId(), why));
        if (started) {
            end(why, true);
            return;
        }
        answeredByHost = true;
        endWith(why, () -> {
            try {
                byte[] text = (answer.message() + " (request " + context.requestId() + ")\n")
                        .getBytes(StandardCharsets.UTF_8);
                response.setStatus(answer.status());
                response.setContentType("text/plain; charset=utf-8");
                response.setContentLength(text.length);
                response.getOutputStream().write(text);
            } catch (IOException | IllegalStateException e) {
                logged(() -> log.debug("request {}: cannot write the 503: {}", context.requestId(), e.toString()));
            }
            complete();
        });
    }

    @Override
    public void onError(AsyncEvent event) {
        clientGone(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
