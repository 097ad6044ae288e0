package dev.wasmlet.runtime.internal.binary;

/**
 * Every canonical definition of Binary.md, with its opcode (the first byte of a {@code canon}).
 * Only {@link #LIFT} defines a component function; all others define a core function. Gated
 * features of the component model are marked: 🔀 async, 📝 error-context, 🧵 threads
 * (🧵② shared-everything threads).
 */
public enum CanonKind {
    /** {@code canon lift}. */
    LIFT(0x00, "lift"),
    /** {@code canon lower}. */
    LOWER(0x01, "lower"),
    /** {@code canon resource.new}. */
    RESOURCE_NEW(0x02, "resource.new"),
    /** {@code canon resource.drop}. */
    RESOURCE_DROP(0x03, "resource.drop"),
    /** {@code canon resource.rep}. */
    RESOURCE_REP(0x04, "resource.rep"),
    /** 🔀 {@code canon backpressure.inc}. */
    BACKPRESSURE_INC(0x24, "backpressure.inc"),
    /** 🔀 {@code canon backpressure.dec}. */
    BACKPRESSURE_DEC(0x25, "backpressure.dec"),
    /** 🔀 {@code canon task.return}. */
    TASK_RETURN(0x09, "task.return"),
    /** 🔀 {@code canon task.cancel}. */
    TASK_CANCEL(0x05, "task.cancel"),
    /** 🔀 {@code canon context.get}. */
    CONTEXT_GET(0x0a, "context.get"),
    /** 🔀 {@code canon context.set}. */
    CONTEXT_SET(0x0b, "context.set"),
    /** 🔀 {@code canon subtask.cancel}. */
    SUBTASK_CANCEL(0x06, "subtask.cancel"),
    /** 🔀 {@code canon subtask.drop}. */
    SUBTASK_DROP(0x0d, "subtask.drop"),
    /** 🔀 {@code canon stream.new}. */
    STREAM_NEW(0x0e, "stream.new"),
    /** 🔀 {@code canon stream.read}. */
    STREAM_READ(0x0f, "stream.read"),
    /** 🔀 {@code canon stream.write}. */
    STREAM_WRITE(0x10, "stream.write"),
    /** 🔀 {@code canon stream.cancel-read}. */
    STREAM_CANCEL_READ(0x11, "stream.cancel-read"),
    /** 🔀 {@code canon stream.cancel-write}. */
    STREAM_CANCEL_WRITE(0x12, "stream.cancel-write"),
    /** 🔀 {@code canon stream.drop-readable}. */
    STREAM_DROP_READABLE(0x13, "stream.drop-readable"),
    /** 🔀 {@code canon stream.drop-writable}. */
    STREAM_DROP_WRITABLE(0x14, "stream.drop-writable"),
    /** 🔀 {@code canon future.new}. */
    FUTURE_NEW(0x15, "future.new"),
    /** 🔀 {@code canon future.read}. */
    FUTURE_READ(0x16, "future.read"),
    /** 🔀 {@code canon future.write}. */
    FUTURE_WRITE(0x17, "future.write"),
    /** 🔀 {@code canon future.cancel-read}. */
    FUTURE_CANCEL_READ(0x18, "future.cancel-read"),
    /** 🔀 {@code canon future.cancel-write}. */
    FUTURE_CANCEL_WRITE(0x19, "future.cancel-write"),
    /** 🔀 {@code canon future.drop-readable}. */
    FUTURE_DROP_READABLE(0x1a, "future.drop-readable"),
    /** 🔀 {@code canon future.drop-writable}. */
    FUTURE_DROP_WRITABLE(0x1b, "future.drop-writable"),
    /** 📝 {@code canon error-context.new}. */
    ERROR_CONTEXT_NEW(0x1c, "error-context.new"),
    /** 📝 {@code canon error-context.debug-message}. */
    ERROR_CONTEXT_DEBUG_MESSAGE(0x1d, "error-context.debug-message"),
    /** 📝 {@code canon error-context.drop}. */
    ERROR_CONTEXT_DROP(0x1e, "error-context.drop"),
    /** 🔀 {@code canon waitable-set.new}. */
    WAITABLE_SET_NEW(0x1f, "waitable-set.new"),
    /** 🔀 {@code canon waitable-set.wait}. */
    WAITABLE_SET_WAIT(0x20, "waitable-set.wait"),
    /** 🔀 {@code canon waitable-set.poll}. */
    WAITABLE_SET_POLL(0x21, "waitable-set.poll"),
    /** 🔀 {@code canon waitable-set.drop}. */
    WAITABLE_SET_DROP(0x22, "waitable-set.drop"),
    /** 🔀 {@code canon waitable.join}. */
    WAITABLE_JOIN(0x23, "waitable.join"),
    /** 🧵 {@code canon thread.index}. */
    THREAD_INDEX(0x26, "thread.index"),
    /** 🧵 {@code canon thread.new-indirect}. */
    THREAD_NEW_INDIRECT(0x27, "thread.new-indirect"),
    /** 🧵 {@code canon thread.resume-later}. */
    THREAD_RESUME_LATER(0x28, "thread.resume-later"),
    /** 🧵 {@code canon thread.suspend}. */
    THREAD_SUSPEND(0x29, "thread.suspend"),
    /** 🔀 {@code canon thread.yield}. */
    THREAD_YIELD(0x0c, "thread.yield"),
    /** 🧵 {@code canon thread.suspend-then-resume}. */
    THREAD_SUSPEND_THEN_RESUME(0x2a, "thread.suspend-then-resume"),
    /** 🧵 {@code canon thread.yield-then-resume}. */
    THREAD_YIELD_THEN_RESUME(0x2b, "thread.yield-then-resume"),
    /** 🧵 {@code canon thread.suspend-then-promote}. */
    THREAD_SUSPEND_THEN_PROMOTE(0x2c, "thread.suspend-then-promote"),
    /** 🧵 {@code canon thread.yield-then-promote}. */
    THREAD_YIELD_THEN_PROMOTE(0x2d, "thread.yield-then-promote"),
    /** 🧵② {@code canon thread.spawn-ref}. */
    THREAD_SPAWN_REF(0x40, "thread.spawn-ref"),
    /** 🧵② {@code canon thread.spawn-indirect}. */
    THREAD_SPAWN_INDIRECT(0x41, "thread.spawn-indirect"),
    /** 🧵② {@code canon thread.available-parallelism}. */
    THREAD_AVAILABLE_PARALLELISM(0x42, "thread.available-parallelism");

    private static final CanonKind[] BY_OPCODE = new CanonKind[0x43];

    static {
        for (CanonKind k : values()) {
            BY_OPCODE[k.opcode] = k;
        }
    }

    private final int opcode;
    private final String specName;

    CanonKind(int opcode, String specName) {
        this.opcode = opcode;
        this.specName = specName;
    }

    /** The opcode byte. */
    public int opcode() {
        return opcode;
    }

    /** The name the text format gives it after {@code canon}, e.g. {@code resource.drop}. */
    public String specName() {
        return specName;
    }

    /** Whether it is one of the five definitions of the synchronous MVP: lift, lower, resource.new/drop/rep. */
    public boolean isMvp() {
        return ordinal() <= RESOURCE_REP.ordinal();
    }

    /** The index space its definition appends to: func for lift, core func for all others. */
    public Sort definedSort() {
        return this == LIFT ? Sort.FUNC : Sort.CORE_FUNC;
    }

    static CanonKind fromOpcode(int opcode) {
        return opcode >= 0 && opcode < BY_OPCODE.length ? BY_OPCODE[opcode] : null;
    }

    @Override
    public String toString() {
        return "canon " + specName;
    }
}
