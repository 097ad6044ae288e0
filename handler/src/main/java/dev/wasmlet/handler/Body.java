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

    /**
     * Whether the producer tells a subscriber that is a {@link PauseListener} each time it pauses
     * after chunks. Such a subscriber may hold chunks back (a buffering output) until the next
     * pause or the end, as more are on their way; without pauses it must let each chunk go as
     * soon as it has no more in hand, or a slow producer's output would wait for the end.
     */
    default boolean announcesPauses() {
        return false;
    }

    /**
     * A subscriber told when the producer stopped producing for now (a guest that waits for input,
     * time or room), after chunks it was given since the last pause.
     */
    interface PauseListener {
        void onPause();
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
