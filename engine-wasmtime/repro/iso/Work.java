import io.github.kawamuray.wasmtime.*;
import io.github.kawamuray.wasmtime.Module;
import java.nio.file.*;
import java.util.*;
public class Work implements Runnable {
    public void run() {
        try (Engine engine = new Engine(); Store<Void> store = new Store<>(null, engine);
             Module m = new Module(engine, Files.readAllBytes(Path.of("guest.wasm")))) {
            Func cb = new Func(store, new FuncType(new Val.Type[]{Val.Type.I32}, new Val.Type[]{Val.Type.I32}), (c, p, r) -> r[0] = p[0]);
            Instance inst = new Instance(store, m, List.of(Extern.fromFunc(cb)));
            try { inst.getFunc(store, "oob").get().call(store); } catch (WasmFunctionError e) { System.out.println("  trap ok: " + e.getMessage()); }
            System.out.println("  add: " + inst.getFunc(store, "add").get().call(store, Val.fromI32(2), Val.fromI32(3))[0].i32());
            inst.dispose();
        } catch (Exception e) { throw new RuntimeException(e); }
    }
}
