package dev.wasmlet.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java threads of a container process, from the JDK's own {@code jcmd <pid> Thread.print};
 * each dump is also written to the container's directory.
 */
final class ThreadDump {
    /** {@code "name" #12 daemon prio=5 ...}: Java threads carry a {@code #id}, VM-internal ones do not. */
    private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.*)\" #\\d+", Pattern.MULTILINE);
    /** Threads of the JVM itself, which come and go on their own. */
    private static final Pattern JVM_THREAD = Pattern.compile("(C\\d CompilerThread\\d+|Attach Listener|Common-Cleaner"
            + "|ForkJoinPool\\.commonPool-worker-\\d+|process reaper|Notification Thread|Signal Dispatcher"
            + "|Service Thread|Monitor Deflation Thread|Sweeper thread|Finalizer|Reference Handler|DestroyJavaVM"
            + "|RMI .*|JMX server connection timeout \\d+)");

    private ThreadDump() {
    }

    static boolean isJvmThread(String name) {
        return JVM_THREAD.matcher(name).matches();
    }

    /** The names of the Java threads alive in {@code c}, sorted; the dump goes to {@code <dir>/threads-<label>.txt}. */
    static Set<String> names(Container c, String label) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new AssertionError("no " + jcmd + ": run the tests on a JDK, whose jcmd dumps the container's threads");
        }
        String dump = c.run(List.of(jcmd.toString(), Long.toString(c.pid()), "Thread.print"), Duration.ofSeconds(60));
        Files.writeString(c.dir.resolve("threads-" + label + ".txt"), dump);
        Set<String> names = new TreeSet<>();
        Matcher m = JAVA_THREAD.matcher(dump);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.isEmpty()) {
            throw new AssertionError("jcmd printed no threads:\n" + dump);
        }
        return names;
    }

    /**
     * The threads alive now that were not alive in {@code baseline} and belong neither to the
     * container nor to the JVM: the application's.
     */
    static Set<String> applicationThreads(Container c, Set<String> baseline, String label)
            throws IOException, InterruptedException {
        Set<String> result = new TreeSet<>();
        for (String n : names(c, label)) {
            if (!baseline.contains(n) && !isJvmThread(n) && !c.isContainerThread(n)) {
                result.add(n);
            }
        }
        return result;
    }
}
