import java.lang.ref.WeakReference;
import java.net.*;
import java.nio.file.*;
public class Redeploy {
    static Object npe; static int sink;
    public static void main(String[] a) throws Exception {
        URL[] urls = { Path.of(a[0]).toUri().toURL(), Path.of(a[1]).toUri().toURL(), Path.of("iso/").toUri().toURL() };
        for (int round = 0; round < 4; round++) {
            ClassLoader l = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            System.out.println("round " + round);
            ((Runnable) l.loadClass("Work").getDeclaredConstructor().newInstance()).run();
            WeakReference<ClassLoader> ref = new WeakReference<>(l);
            l = null;
            for (int i = 0; i < 50 && ref.get() != null; i++) { System.gc(); Thread.sleep(20); }
            System.out.println("  loader collected: " + (ref.get() == null));
            // JVM-originated SIGSEGVs (implicit null checks in compiled code) after an unload
            int caught = 0;
            for (int i = 0; i < 200000; i++) { try { sink += npe.hashCode(); } catch (NullPointerException e) { caught++; } }
            System.out.println("  NPEs: " + caught);
        }
        System.out.println("temp libs: ");
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) { s.filter(p -> p.getFileName().toString().startsWith("libwasmtime_jni")).forEach(p -> System.out.println("  " + p)); }
    }
}
