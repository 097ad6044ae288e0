package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;

/** One instance of a {@code wasi:http} component, ready to handle requests. */
public interface GuestInstance extends Proxy {
    /** The instance's host state. */
    Store store();

    /** The bytes of linear memory the instance has now. */
    long memoryBytes();
}
