package dev.wasmlet.runtime.internal.binary;

/**
 * A canonical definition (section 8). {@link Lift} appends a component function; every other
 * one appends a core function. The five MVP definitions ({@link Lift}, {@link Lower},
 * {@link ResourceNew}, {@link ResourceDrop}, {@link ResourceRep}) have records of their own;
 * the async (🔀), error-context (📝) and thread (🧵) built-ins are parsed into the records
 * further down, grouped by the immediates they carry, so that a linker can name what it does not
 * support. {@link #kind()} tells them apart in a {@code switch}.
 *
 * <p>Indices are relative to the component's index spaces just before the definition and were
 * checked to be in range: type indices to {@code type}, core type indices to {@code core type},
 * function indices of options to {@code core func}, memories to {@code core memory}.
 */
public sealed interface Canon extends Definition
        permits Canon.Lift, Canon.Lower, Canon.ResourceNew, Canon.ResourceDrop, Canon.ResourceRep,
                Canon.Simple, Canon.TaskReturn, Canon.ContextAccess, Canon.SubtaskCancel,
                Canon.StreamFutureOp, Canon.StreamFutureTransfer, Canon.StreamFutureCancel,
                Canon.ErrorContextOp, Canon.WaitableSetWait, Canon.ThreadSwitch, Canon.ThreadNewIndirect,
                Canon.ThreadSpawnRef, Canon.ThreadSpawnIndirect, Canon.ThreadAvailableParallelism {

    /** Which canonical definition this is. */
    CanonKind kind();

    @Override
    default Sort sort() {
        return kind().definedSort();
    }

    /**
     * {@code (canon lift coreFunc opts (type type))}: a component function of the function type
     * at {@code type}, implemented by the core function {@code coreFunc}.
     */
    record Lift(int offset, int coreFunc, CanonOptions options, int type) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.LIFT;
        }
    }

    /** {@code (canon lower func opts)}: a core function that calls component function {@code func}. */
    record Lower(int offset, int func, CanonOptions options) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.LOWER;
        }
    }

    /** {@code (canon resource.new resource)}: {@code [rep:i32] -> [handle:i32]}. */
    record ResourceNew(int offset, int resource) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.RESOURCE_NEW;
        }
    }

    /** {@code (canon resource.drop resource)}: {@code [handle:i32] -> []}. */
    record ResourceDrop(int offset, int resource) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.RESOURCE_DROP;
        }
    }

    /** {@code (canon resource.rep resource)}: {@code [handle:i32] -> [rep:i32]}. */
    record ResourceRep(int offset, int resource) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.RESOURCE_REP;
        }
    }

    /**
     * A built-in without immediates: backpressure.inc/dec, task.cancel, subtask.drop,
     * error-context.drop, waitable-set.new/drop, waitable.join, thread.index, thread.resume-later.
     */
    record Simple(int offset, CanonKind kind) implements Canon {
    }

    /** 🔀 {@code (canon task.return results opts)}. */
    record TaskReturn(int offset, ResultList results, CanonOptions options) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.TASK_RETURN;
        }
    }

    /** 🔀 {@code (canon context.get type slot)} or {@code context.set}. */
    record ContextAccess(int offset, CanonKind kind, CoreValueType type, int slot) implements Canon {
    }

    /** 🔀 {@code (canon subtask.cancel async?)}. */
    record SubtaskCancel(int offset, boolean async) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.SUBTASK_CANCEL;
        }
    }

    /**
     * 🔀 stream.new, stream.drop-readable, stream.drop-writable and the future equivalents, on
     * the stream or future type at type index {@code type}.
     */
    record StreamFutureOp(int offset, CanonKind kind, int type) implements Canon {
    }

    /** 🔀 stream.read, stream.write, future.read, future.write, with their options. */
    record StreamFutureTransfer(int offset, CanonKind kind, int type, CanonOptions options) implements Canon {
    }

    /** 🔀 stream.cancel-read, stream.cancel-write, future.cancel-read, future.cancel-write. */
    record StreamFutureCancel(int offset, CanonKind kind, int type, boolean async) implements Canon {
    }

    /** 📝 error-context.new and error-context.debug-message, with their options. */
    record ErrorContextOp(int offset, CanonKind kind, CanonOptions options) implements Canon {
    }

    /** 🔀 waitable-set.wait and waitable-set.poll, writing events into core memory {@code memory}. */
    record WaitableSetWait(int offset, CanonKind kind, boolean cancellable, int memory) implements Canon {
    }

    /**
     * thread.suspend, thread.yield and their -then-resume and -then-promote forms, each with its
     * {@code cancellable} flag.
     */
    record ThreadSwitch(int offset, CanonKind kind, boolean cancellable) implements Canon {
    }

    /** 🧵 {@code (canon thread.new-indirect coreType table)}. */
    record ThreadNewIndirect(int offset, int coreType, int table) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.THREAD_NEW_INDIRECT;
        }
    }

    /** 🧵② {@code (canon thread.spawn-ref shared? coreType)}. */
    record ThreadSpawnRef(int offset, boolean shared, int coreType) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.THREAD_SPAWN_REF;
        }
    }

    /** 🧵② {@code (canon thread.spawn-indirect shared? coreType table)}. */
    record ThreadSpawnIndirect(int offset, boolean shared, int coreType, int table) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.THREAD_SPAWN_INDIRECT;
        }
    }

    /** 🧵② {@code (canon thread.available-parallelism shared?)}. */
    record ThreadAvailableParallelism(int offset, boolean shared) implements Canon {
        @Override
        public CanonKind kind() {
            return CanonKind.THREAD_AVAILABLE_PARALLELISM;
        }
    }
}
