package dev.wasmlet.runtime.wasi;

/**
 * What runs when a guest pauses: on its thread, just before the thread parks in a {@code wasi:io}
 * wait ({@link Pollables}). A host that holds the guest's output back while the guest goes on
 * producing (a response body that a container buffers) lets it go then, so the output is not
 * sent in as many pieces as the guest wrote, yet never waits on a guest that is itself waiting.
 *
 * <p>The hook belongs to the thread: a guest call runs on one thread, and the host that makes the
 * call installs the hook for its length.
 */
public final class GuestPauses {
    private static final ThreadLocal<Runnable> HOOK = new ThreadLocal<>();

    private GuestPauses() {
    }

    /** Makes {@code hook} run at this thread's pauses until {@link #restore}; returns the hook it replaces, or null. */
    public static Runnable install(Runnable hook) {
        Runnable previous = HOOK.get();
        HOOK.set(hook);
        return previous;
    }

    /** Puts back the hook {@link #install} returned. */
    public static void restore(Runnable previous) {
        if (previous == null) {
            HOOK.remove();
        } else {
            HOOK.set(previous);
        }
    }

    /** Called by a waiting guest's thread before it parks. */
    static void pausing() {
        Runnable hook = HOOK.get();
        if (hook != null) {
            hook.run();
        }
    }
}
