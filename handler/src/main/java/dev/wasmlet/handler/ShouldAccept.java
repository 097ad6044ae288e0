package dev.wasmlet.handler;

/** A worker's answer to "will you take another request?". */
public enum ShouldAccept {
    /** Yes. */
    YES,
    /** Not now; ask again when something changes. */
    NO,
    /** Not now and never again: the worker drains and exits. */
    NEVER
}
