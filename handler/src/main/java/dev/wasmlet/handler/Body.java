package dev.wasmlet.handler;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A streaming HTTP body: its content as a demand-driven {@link Flow.Publisher} of byte chunks,
 * then its trailers. The publisher honours {@code request(n)}, so a slow consumer never makes
 * the producer buffer the whole body. A body can be subscribed to once.
 */
public interface Body extends Flow.Publisher<ByteBuffer> {
    /** The trailers, completed after the content ends ({@link Headers#EMPTY} when there are none). */
    CompletionStage<Headers> trailers();

    /** The size the producer declared ({@code content-length}), or -1. */
    default long declaredLength() {
        return -1;
    }

    /** A body with no content and no trailers. */
    static Body empty() {
        return of(new byte[0]);
    }

    /** A body of the given bytes, in one chunk, with no trailers. */
    static Body of(byte[] content) {
        return new FixedBody(content, CompletableFuture.completedFuture(Headers.EMPTY));
    }
}
