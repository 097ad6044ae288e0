package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.types.ResourceType;

/** One element of an instance's handle table: an {@code own} or a {@code borrow} of a resource. */
final class Handle {
    final ResourceType type;
    final int rep;
    final boolean own;
    /** For a borrow: the call (the {@code canon lift} activation) it was lent for; null for an own. */
    final CallContext scope;
    /** For an own: how many calls currently borrow it. */
    int lendCount;

    Handle(ResourceType type, int rep, boolean own, CallContext scope) {
        this.type = type;
        this.rep = rep;
        this.own = own;
        this.scope = scope;
    }

    String kind() {
        return own ? "own" : "borrow";
    }
}
