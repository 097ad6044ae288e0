import io.github.kawamuray.wasmtime.*;
public class FuncCost {
    public static void main(String[] a) {
        try (Engine engine = new Engine()) {
            FuncType t = new FuncType(new Val.Type[]{Val.Type.I32, Val.Type.I32}, new Val.Type[]{Val.Type.I32});
            for (int round = 0; round < 3; round++) {
                Store<Void> store = new Store<>(null, engine);
                int n = 500;
                long s = System.nanoTime();
                for (int i = 0; i < n; i++) new Func(store, t, (c, p, r) -> {});
                long e = System.nanoTime();
                store.dispose();
                long s2 = System.nanoTime();
                for (int i = 0; i < n; i++) { Store<Void> st = new Store<>(null, engine); st.dispose(); }
                long e2 = System.nanoTime();
                System.out.printf("Func.new: %.1f us each; Store new+dispose: %.1f us each%n", (e - s) / 1e3 / n, (e2 - s2) / 1e3 / n);
            }
        }
    }
}
