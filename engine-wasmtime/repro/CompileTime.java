import io.github.kawamuray.wasmtime.*;
import io.github.kawamuray.wasmtime.Module;
import java.nio.file.*;
public class CompileTime {
    public static void main(String[] a) throws Exception {
        try (Engine engine = new Engine(new Config().epochInterruption(true))) {
            for (String f : a) {
                byte[] b = Files.readAllBytes(Path.of(f));
                long s = System.nanoTime();
                try (Module m = new Module(engine, b)) { System.out.printf("%s %d KiB: %d ms%n", f, b.length >> 10, (System.nanoTime() - s) / 1_000_000); }
            }
        }
    }
}
