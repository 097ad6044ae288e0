package dev.wasmlet.handler.http;

import dev.wasmlet.handler.Headers;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.wasi.ForwardingByteSource;
import dev.wasmlet.runtime.wasi.InputStream;
import java.util.concurrent.CompletionStage;

/**
 * The WIT resource {@code wasi:http/types.incoming-body}: the body of an incoming request or
 * response. Its {@code stream} can be taken once; {@code finish} turns it into the trailers, once
 * the stream is dropped. Dropping the body and its stream without finishing cancels the body.
 * Confined to the guest thread.
 */
public final class IncomingBody implements AutoCloseable {
    private final BodySource source;
    private final CompletionStage<Headers> trailers;
    private final int fieldSizeLimit;
    private boolean streamTaken;
    private boolean streamOpen;
    private boolean dropped;
    private boolean finished;

    /**
     * @param trailers the trailers, completed after the content; null when the body has none
     */
    IncomingBody(BodySource source, CompletionStage<Headers> trailers, int fieldSizeLimit) {
        this.source = source;
        this.trailers = trailers;
        this.fieldSizeLimit = fieldSizeLimit;
    }

    BodySource source() {
        return source;
    }

    /** {@code stream}: {@code ok(input-stream)} the first time, {@code err} after. */
    public ResultValue stream() {
        if (streamTaken || finished) {
            return ResultValue.error(null);
        }
        streamTaken = true;
        streamOpen = true;
        return ResultValue.ok(new InputStream(new StreamView()));
    }

    /**
     * {@code finish}: the future trailers. Reading the rest of the body, if any is left, is the
     * future's business.
     *
     * @throws GuestTrapException while the body's stream is still open: it is a child of the body
     */
    public FutureTrailers finish() {
        if (streamOpen) {
            throw new GuestTrapException("incoming-body.finish while its input-stream is still open;"
                    + " drop the stream first");
        }
        finished = true;
        return new FutureTrailers(source, trailers, fieldSizeLimit);
    }

    /** The guest dropped the body; without a stream still open, the body is cancelled. */
    @Override
    public void close() {
        dropped = true;
        if (!streamOpen && !finished) {
            source.cancel();
        }
    }

    /** The guest's view of the source: dropping it does not cancel the body, which may still be finished. */
    private final class StreamView extends ForwardingByteSource {
        StreamView() {
            super(source);
        }

        @Override
        public void close() {
            if (!streamOpen) {
                return;
            }
            streamOpen = false;
            if (dropped && !finished) {
                source.cancel();
            }
        }
    }
}
