package dev.wasmlet.handler;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** A body whose content is known up front. */
final class FixedBody implements Body {
    private final byte[] content;
    private final CompletionStage<Headers> trailers;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    FixedBody(byte[] content, CompletionStage<Headers> trailers) {
        this.content = content;
        this.trailers = trailers;
    }

    @Override
    public CompletionStage<Headers> trailers() {
        return trailers;
    }

    @Override
    public long declaredLength() {
        return content.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("a body can be subscribed to once"));
            return;
        }
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean done;

            @Override
            public void request(long n) {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    done = true;
                    subscriber.onError(new IllegalArgumentException("request(" + n + ")"));
                    return;
                }
                done = true;
                if (content.length > 0) {
                    subscriber.onNext(ByteBuffer.wrap(content).asReadOnlyBuffer());
                }
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
    }
}
