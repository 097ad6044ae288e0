import io.github.kawamuray.wasmtime.*;
import java.nio.file.*;
import java.util.*;
import io.github.kawamuray.wasmtime.Module;

/** Reproducer: wasmtime-java 0.19.0 cannot give one instance's table or global to another. */
public class TableImport {
    public static void main(String[] a) throws Exception {
        try (Engine engine = new Engine(); Store<Void> store = new Store<>(null, engine);
             Module owner = new Module(engine, Files.readAllBytes(Path.of("owner.wasm")));
             Module importer = new Module(engine, Files.readAllBytes(Path.of("importer.wasm")));
             Module gimporter = new Module(engine, Files.readAllBytes(Path.of("gimporter.wasm")));
             Linker linker = new Linker(engine)) {
            linker.module(store, "owner", owner);
            Extern tbl = linker.get(store, "owner", "tbl").orElseThrow();
            Extern f = linker.get(store, "owner", "f").orElseThrow();
            Extern g = linker.get(store, "owner", "g").orElseThrow();
            System.out.println("table export reachable only through Linker: " + tbl.type() + ", global: " + g.type());
            try {
                new Instance(store, importer, List.of(tbl, f));
                System.out.println("Instance(table import): ok");
            } catch (RuntimeException e) {
                System.out.println("Instance(table import): " + e);
            }
            try (Linker other = new Linker(engine)) {
                other.define(store, "owner", "tbl", tbl);
                System.out.println("Linker.define(table): ok");
            } catch (RuntimeException e) {
                System.out.println("Linker.define(table): " + e);
            }
            try (Linker other = new Linker(engine)) {
                other.define(store, "owner", "g", g);
                System.out.println("Linker.define(global): ok");
            } catch (RuntimeException e) {
                System.out.println("Linker.define(global): " + e);
            }
            // The one path that works: the importer resolves by name in the linker that instantiated the owner.
            linker.module(store, "importer", importer);
            linker.module(store, "gimporter", gimporter);
            Func call0 = linker.get(store, "owner", "call0").orElseThrow().func();
            System.out.println("same-linker table import, call_indirect -> " + call0.call(store)[0].i32());
            System.out.println("same-linker global import -> " + linker.get(store, "gimporter", "get").orElseThrow().func().call(store)[0].i32());
            try {
                Val r = new Val(Val.Type.FUNC_REF, null);
                new Func(store, new FuncType(new Val.Type[] {Val.Type.FUNC_REF}, new Val.Type[0]), (c, p, res) -> {});
                System.out.println("host func with funcref param: ok " + r);
            } catch (RuntimeException e) {
                System.out.println("host func with funcref param: " + e);
            }
        }
    }
}
