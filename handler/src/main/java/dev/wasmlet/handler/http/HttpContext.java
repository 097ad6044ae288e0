package dev.wasmlet.handler.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code wasi:http} state of one instance: its {@link HttpSettings} and the bodies opened
 * while it serves a request. Put it in the instance's {@link dev.wasmlet.runtime.host.Store}
 * under {@code HttpContext.class}. Confined to the instance's thread.
 *
 * <p>When a request ends ({@link #endRequest(Throwable)}), the bodies the guest left open are
 * closed: an outgoing body it never finished fails, so that its consumer is not left waiting for a
 * guest that will not run again; an incoming body it did not read to the end is cancelled; an
 * outgoing request whose response it never took is abandoned.
 */
public final class HttpContext {
    private final HttpSettings settings;
    private final List<StreamedBody> outgoing = new ArrayList<>();
    private final List<BodySource> incoming = new ArrayList<>();
    private final List<FutureIncomingResponse> responses = new ArrayList<>();

    public HttpContext(HttpSettings settings) {
        this.settings = settings;
    }

    /** A context with {@link HttpSettings#defaults()}. */
    public HttpContext() {
        this(HttpSettings.defaults());
    }

    public HttpSettings settings() {
        return settings;
    }

    int fieldSizeLimit() {
        return settings.fieldSizeLimit();
    }

    StreamedBody track(StreamedBody body) {
        outgoing.add(body);
        return body;
    }

    BodySource track(BodySource source) {
        incoming.add(source);
        return source;
    }

    FutureIncomingResponse track(FutureIncomingResponse response) {
        responses.add(response);
        return response;
    }

    /** The guest is about to wait: its outgoing bodies tell their consumers to let go of what they hold. */
    void paused() {
        for (StreamedBody b : outgoing) {
            b.pause();
        }
    }

    /**
     * The guest's handler returned or trapped: fails every outgoing body it did not finish (with
     * {@code cause} when it trapped), cancels every incoming body it did not read to the end and
     * abandons every outgoing request whose response it did not take.
     */
    public void endRequest(Throwable cause) {
        for (StreamedBody b : outgoing) {
            if (!b.isClosed()) {
                b.abort(cause != null
                        ? new HttpErrorException(ErrorCode.internalError("the guest trapped"),
                                String.valueOf(cause.getMessage()))
                        : new HttpErrorException(ErrorCode.HTTP_PROTOCOL_ERROR.value(),
                                "the guest returned without finishing the outgoing-body"));
            }
        }
        outgoing.clear();
        for (BodySource s : incoming) {
            s.cancel();
        }
        incoming.clear();
        for (FutureIncomingResponse r : responses) {
            r.close();
        }
        responses.clear();
    }
}
