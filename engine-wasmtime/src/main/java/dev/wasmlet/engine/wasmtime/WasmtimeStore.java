package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.engine.CoreStore;
import dev.wasmlet.runtime.engine.CoreValType;
import io.github.kawamuray.wasmtime.Disposable;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A native Wasmtime store with what lives in it: the instances of one component instance, the
 * host functions bound to it, and the {@code Linker} through which instances that share tables
 * or globals are made. Every call into guest code goes through {@link #call}, which first sets
 * Wasmtime's epoch deadline from the interrupt deadline, and brings back a host function's
 * exception as it was thrown.
 */
final class WasmtimeStore implements CoreStore {
    /** Thrown to Wasmtime by a failing host function, which keeps the real exception in {@link #pending}. */
    private static final RuntimeException UNWIND = new RuntimeException("host function failed", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final WasmtimeEngine engine;
    final Store<Void> store;
    private final LongSupplier interruptDeadline;
    /** Every wasmtime-java handle made for this store: each owns a small native box, freed at close. */
    private final List<Disposable> handles = new ArrayList<>();
    private final Map<WasmtimeHostFunction, Func> bound = new IdentityHashMap<>();
    private Linker linker;
    private int linkedInstances;
    /** The interrupt deadline the epoch deadline was last set from. */
    private long armedFor;
    private boolean armed;
    /** The exception of a host function, on its way out through Wasmtime to the caller of {@link #call}. */
    private Throwable pending;
    private boolean closed;

    WasmtimeStore(WasmtimeEngine engine, Store<Void> store, LongSupplier interruptDeadline) {
        this.engine = engine;
        this.store = store;
        this.interruptDeadline = interruptDeadline;
    }

    WasmtimeEngine engine() {
        return engine;
    }

    <T extends Disposable> T own(T handle) {
        handles.add(handle);
        return handle;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Wasmtime store of this instance is closed");
        }
    }

    /** The store's linker, made on first use. */
    Linker linker() {
        if (linker == null) {
            linker = new Linker(engine.storeEngine());
        }
        return linker;
    }

    /** The name the next instance made through the linker is registered under. */
    String nextLinkedName() {
        return "instance " + linkedInstances++;
    }

    /** The native function of {@code function} in this store, made on first use. */
    Func bind(WasmtimeHostFunction function) {
        Func f = bound.get(function);
        if (f == null) {
            f = own(new Func(store, Values.funcType(function.type()), (caller, params, results) ->
                    callHost(function, params, results)));
            bound.put(function, f);
        }
        return f;
    }

    /**
     * Runs guest code: calls {@code function} with {@code args}.
     *
     * @throws dev.wasmlet.runtime.engine.CoreTrap when the guest traps
     * @throws CoreInterrupted when the thread was interrupted or the interrupt deadline passed
     */
    long[] call(Func function, CoreFuncType type, long[] args) {
        Val[] params = Values.vals(type.params(), args);
        Val[] results;
        enter();
        try {
            results = function.call(store, params);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return Values.bits(results);
    }

    /** Before guest code runs: refuses an interrupted thread, and arms the epoch deadline. */
    void enter() {
        checkOpen();
        if (Thread.currentThread().isInterrupted()) {
            throw new CoreInterrupted("guest interrupted", null);
        }
        arm();
    }

    /** Whether a host function failed in the call that just ended, so that {@link #failure} will give its exception. */
    boolean hostFailed() {
        return pending != null;
    }

    /**
     * What to throw for {@code e}, thrown by wasmtime-java while guest code ran: a host function's
     * own exception when one unwound the guest, else the trap {@code e} stands for.
     */
    RuntimeException failure(RuntimeException e) {
        Throwable hostFailure = pending;
        if (hostFailure == null) {
            return Traps.map(e);
        }
        pending = null;
        if (hostFailure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) hostFailure;
    }

    private void callHost(WasmtimeHostFunction function, Val[] params, Val[] results) {
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw new CoreInterrupted("guest interrupted", null);
            }
            long[] out = function.body().call(Values.bits(params));
            List<CoreValType> types = function.type().results();
            if (out.length != types.size()) {
                throw new IllegalStateException("host function of type " + function.type() + " returned "
                        + out.length + " values");
            }
            for (int i = 0; i < out.length; i++) {
                results[i] = Values.val(types.get(i), out[i]);
            }
            arm();
        } catch (Throwable e) {
            pending = e;
            throw UNWIND;
        }
    }

    /** Sets the epoch deadline when the interrupt deadline changed since it was last set. */
    private void arm() {
        long deadline = interruptDeadline.getAsLong();
        if (!armed || deadline != armedFor) {
            store.setEpochDeadline(engine.ticksUntil(deadline));
            armedFor = deadline;
            armed = true;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Disposable handle : handles) {
            handle.dispose();
        }
        handles.clear();
        bound.clear();
        if (linker != null) {
            linker.dispose();
        }
        store.dispose();
    }
}
