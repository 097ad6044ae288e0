package dev.wasmlet.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pool listener, recording why a start failed so that tests can read the message in any
 * container, and making its pools with {@link #factory} when a test sets one.
 */
public class RecordingListener extends WasmPoolListener {
    static final List<RuntimeException> FAILURES = new CopyOnWriteArrayList<>();
    static volatile RecordingListener last;
    /** The factory of the next listeners; null for the one {@code ServiceLoader} finds. */
    static volatile ProxyHandlerFactory factory;

    public RecordingListener() {
        last = this;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            super.contextInitialized(event);
        } catch (RuntimeException e) {
            FAILURES.add(e);
            throw e;
        }
    }

    @Override
    protected ProxyHandlerFactory factory(ServletContext ctx) {
        ProxyHandlerFactory f = factory;
        return f != null ? f : super.factory(ctx);
    }
}
