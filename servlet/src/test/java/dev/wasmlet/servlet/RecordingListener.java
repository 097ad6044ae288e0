package dev.wasmlet.servlet;

import jakarta.servlet.ServletContextEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The pool listener, recording why a start failed so that tests can read the message in any container. */
public class RecordingListener extends WasmPoolListener {
    static final List<RuntimeException> FAILURES = new CopyOnWriteArrayList<>();
    static volatile RecordingListener last;

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
}
