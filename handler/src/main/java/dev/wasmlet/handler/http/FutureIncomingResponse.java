package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.wasi.Pollable;
import dev.wasmlet.runtime.wasi.Wakers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * The WIT resource {@code wasi:http/types.future-incoming-response}: the response to an outgoing
 * request, ready when its headers have arrived (or the request failed). Confined to the guest
 * thread, except its readiness.
 */
public final class FutureIncomingResponse implements AutoCloseable {
    /** What the HTTP client received: the head of the response and its body, not yet read. */
    record Received(int status, FieldMap headers, Flow.Publisher<List<ByteBuffer>> body, long declaredLength,
                    long betweenBytesNanos) {
    }

    private final CompletableFuture<Received> future;
    private final Wakers wakers = new Wakers();
    private boolean consumed;

    /** @param future completes with the response head, or fails (with an {@link HttpErrorException} saying why) */
    FutureIncomingResponse(CompletableFuture<Received> future) {
        this.future = future;
        future.whenComplete((r, e) -> wakers.wakeAll());
    }

    /** {@code subscribe}: a pollable ready when the response head is here or the request failed. */
    public Pollable subscribe() {
        return new Pollable() {
            @Override
            public boolean isReady() {
                return consumed || future.isDone();
            }

            @Override
            public void addWaker(Runnable waker) {
                wakers.add(waker);
            }

            @Override
            public void removeWaker(Runnable waker) {
                wakers.remove(waker);
            }
        };
    }

    /**
     * {@code get}: {@code none} while pending; then once {@code some(ok(ok(incoming-response)))} or
     * {@code some(ok(err(error-code)))}; {@code some(err)} after that.
     */
    public Optional<ResultValue> get(HttpContext context) {
        if (consumed) {
            return Optional.of(ResultValue.error(null));
        }
        if (!future.isDone()) {
            return Optional.empty();
        }
        consumed = true;
        Received r;
        try {
            r = future.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return Optional.of(ResultValue.ok(ResultValue.error(OutboundClient.errorCode(cause))));
        }
        BodySource source = context.track(BodySource.ofResponse(r.body(), r.declaredLength(), r.betweenBytesNanos()));
        IncomingBody body = new IncomingBody(source, null, context.fieldSizeLimit());
        return Optional.of(ResultValue.ok(ResultValue.ok(new IncomingResponse(r.status(), r.headers(), body))));
    }

    /** The guest dropped the future before taking the response: the request is abandoned. */
    @Override
    public void close() {
        if (!consumed) {
            consumed = true;
            if (!future.cancel(true) && !future.isCompletedExceptionally()) {
                Received r = future.getNow(null);
                if (r != null) {
                    BodySource.ofResponse(r.body(), -1, Long.MAX_VALUE).cancel();
                }
            }
        }
    }
}
