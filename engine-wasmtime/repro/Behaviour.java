import io.github.kawamuray.wasmtime.*;
import io.github.kawamuray.wasmtime.Module;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

public class Behaviour {
    static Func realloc;
    static Memory mem;
    static Store<Void> store;
    public static void main(String[] a) throws Exception {
        Config config = new Config().epochInterruption(true);
        try (Engine engine = new Engine(config);
             Module m = new Module(engine, Files.readAllBytes(Path.of("guest.wasm")))) {
            store = new Store<>(null, engine);
            store.setEpochDeadline(1L << 40);
            Func cb = new Func(store, new FuncType(new Val.Type[]{Val.Type.I32}, new Val.Type[]{Val.Type.I32}), (c, p, r) -> {
                int mode = p[0].i32();
                if (mode == 1) throw new IllegalStateException("host failure");
                if (mode == 2) throw new WasmFunctionError.I32ExitError(3);
                // reentry into the guest and memory access from inside a host call
                int ptr = realloc.call(store, Val.fromI32(5))[0].i32();
                ByteBuffer b = mem.buffer(store).order(ByteOrder.LITTLE_ENDIAN);
                r[0] = Val.fromI32(ptr + b.getInt(100));
            });
            Instance inst = new Instance(store, m, List.of(Extern.fromFunc(cb)));
            realloc = inst.getFunc(store, "realloc").get();
            mem = inst.getMemory(store, "mem").get();
            Func callhost = inst.getFunc(store, "callhost").get();
            System.out.println("reentrant: " + callhost.call(store, Val.fromI32(0))[0].i32());
            for (int mode : new int[]{1, 2}) {
                try { callhost.call(store, Val.fromI32(mode)); } catch (Throwable t) { System.out.println("mode " + mode + ": " + t + " cause=" + t.getCause()); }
            }
            try { inst.getFunc(store, "trap").get().call(store); } catch (Throwable t) { System.out.println("trap: " + t + " " + (t instanceof WasmFunctionError.TrapError te ? te.trap() : "")); }
            try { inst.getFunc(store, "oob").get().call(store); } catch (Throwable t) { System.out.println("oob: " + t + " " + (t instanceof WasmFunctionError.TrapError te ? te.trap() : "")); }
            // epoch
            Thread ticker = new Thread(() -> { while (true) { try { Thread.sleep(10); } catch (InterruptedException e) { return; } engine.incrementEpoch(); } });
            ticker.setDaemon(true); ticker.start();
            store.setEpochDeadline(20);
            long t0 = System.nanoTime();
            try { inst.getFunc(store, "spin").get().call(store); } catch (Throwable t) { System.out.println("spin: " + t + " " + (t instanceof WasmFunctionError.TrapError te ? te.trap() : "") + " after ms " + (System.nanoTime() - t0) / 1e6); }
            store.setEpochDeadline(1L << 40);
            Func add = inst.getFunc(store, "add").get();
            for (int round = 0; round < 3; round++) {
                long s = System.nanoTime(); int n = 200000;
                for (int i = 0; i < n; i++) add.call(store, Val.fromI32(i), Val.fromI32(1));
                long mid = System.nanoTime();
                for (int i = 0; i < n; i++) callhost.call(store, Val.fromI32(0));
                long e = System.nanoTime();
                System.out.printf("call add: %.2f us, call->host->realloc: %.2f us%n", (mid - s) / 1e3 / n, (e - mid) / 1e3 / n);
            }
            long s = System.nanoTime();
            for (int i = 0; i < 20000; i++) { try (Store<Void> st = new Store<>(null, engine)) { st.setEpochDeadline(1L<<40); Func f2 = new Func(st, new FuncType(new Val.Type[]{Val.Type.I32}, new Val.Type[]{Val.Type.I32}), (c, p, r) -> r[0] = p[0]); new Instance(st, m, List.of(Extern.fromFunc(f2))); } }
            System.out.printf("store+instance: %.2f us%n", (System.nanoTime() - s) / 1e3 / 20000);
        }
    }
}
