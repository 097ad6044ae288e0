package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.Pollable;
import dev.wasmlet.runtime.wasi.Wakers;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The WIT resource {@code wasi:http/types.future-trailers}: the trailers of an incoming body,
 * ready once the body has ended (what the guest did not read is read and dropped) and the
 * trailers have arrived. Confined to the guest thread, except its readiness.
 */
public final class FutureTrailers implements AutoCloseable {
    private final BodySource source;
    private final CompletableFuture<Headers> trailers;
    private final int fieldSizeLimit;
    private final Wakers wakers = new Wakers();
    private boolean consumed;

    FutureTrailers(BodySource source, CompletionStage<Headers> trailers, int fieldSizeLimit) {
        this.source = source;
        this.trailers = trailers == null ? null : trailers.toCompletableFuture();
        this.fieldSizeLimit = fieldSizeLimit;
        if (this.trailers != null) {
            this.trailers.whenComplete((t, e) -> wakers.wakeAll());
        }
        source.drain();
    }

    private boolean isReady() {
        return source.isDone() && (trailers == null || source.failure() != null || trailers.isDone());
    }

    /** {@code subscribe}: a pollable ready when {@link #get()} gives an answer. */
    public Pollable subscribe() {
        return new Pollable() {
            @Override
            public boolean isReady() {
                return consumed || FutureTrailers.this.isReady();
            }

            @Override
            public void addWaker(Runnable waker) {
                source.addWaker(waker);
                wakers.add(waker);
            }

            @Override
            public void removeWaker(Runnable waker) {
                source.removeWaker(waker);
                wakers.remove(waker);
            }
        };
    }

    /**
     * {@code get}: {@code none} while pending; then once {@code some(ok(ok(option<trailers>)))} or
     * {@code some(ok(err(error-code)))}; {@code some(err)} after that.
     */
    public Optional<ResultValue> get() {
        if (consumed) {
            return Optional.of(ResultValue.error(null));
        }
        if (!isReady()) {
            return Optional.empty();
        }
        consumed = true;
        if (source.failure() != null) {
            return Optional.of(ResultValue.ok(ResultValue.error(codeOf(source.failure()))));
        }
        if (trailers == null) {
            return Optional.of(ResultValue.ok(ResultValue.ok(Optional.empty())));
        }
        Headers t;
        try {
            t = trailers.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return Optional.of(ResultValue.ok(ResultValue.error(codeOf(e.getCause() != null ? e.getCause() : e))));
        }
        if (t == null || t.isEmpty()) {
            return Optional.of(ResultValue.ok(ResultValue.ok(Optional.empty())));
        }
        Fields fields = new Fields(Fields.incoming(t, fieldSizeLimit), true);
        return Optional.of(ResultValue.ok(ResultValue.ok(Optional.of(fields))));
    }

    static VariantValue codeOf(Throwable e) {
        HttpErrorException h = HttpErrorException.find(e);
        return h != null ? h.code() : ErrorCode.internalError(String.valueOf(e));
    }

    /** The guest dropped the future: a body not yet at its end is cancelled. */
    @Override
    public void close() {
        if (!consumed) {
            source.cancel();
        }
    }
}
