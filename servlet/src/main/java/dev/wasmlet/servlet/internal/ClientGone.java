package dev.wasmlet.servlet.internal;

import java.io.IOException;

/** The client went away before the exchange ended: what the guest's body streams fail with. */
public final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    public ClientGone(Throwable cause) {
        super("the client went away" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                cause);
    }
}
