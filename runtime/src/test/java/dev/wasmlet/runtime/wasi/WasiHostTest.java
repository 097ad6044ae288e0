package dev.wasmlet.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every function of the WASI 0.2.12 interfaces served is implemented, and bindable. */
class WasiHostTest {
    private static final Map<String, List<String>> EXPECTED = new HashMap<>();

    static {
        EXPECTED.put("wasi:io/error@0.2.12", List.of("[method]error.to-debug-string"));
        EXPECTED.put("wasi:io/poll@0.2.12", List.of("[method]pollable.ready", "[method]pollable.block", "poll"));
        EXPECTED.put("wasi:io/streams@0.2.12", List.of("[method]input-stream.read",
                "[method]input-stream.blocking-read", "[method]input-stream.skip",
                "[method]input-stream.blocking-skip", "[method]input-stream.subscribe",
                "[method]output-stream.check-write", "[method]output-stream.write",
                "[method]output-stream.blocking-write-and-flush", "[method]output-stream.flush",
                "[method]output-stream.blocking-flush", "[method]output-stream.subscribe",
                "[method]output-stream.write-zeroes", "[method]output-stream.blocking-write-zeroes-and-flush",
                "[method]output-stream.splice", "[method]output-stream.blocking-splice"));
        EXPECTED.put("wasi:clocks/monotonic-clock@0.2.12",
                List.of("now", "resolution", "subscribe-instant", "subscribe-duration"));
        EXPECTED.put("wasi:clocks/wall-clock@0.2.12", List.of("now", "resolution"));
        EXPECTED.put("wasi:random/random@0.2.12", List.of("get-random-bytes", "get-random-u64"));
        EXPECTED.put("wasi:random/insecure@0.2.12",
                List.of("get-insecure-random-bytes", "get-insecure-random-u64"));
        EXPECTED.put("wasi:random/insecure-seed@0.2.12", List.of("insecure-seed"));
        EXPECTED.put("wasi:cli/environment@0.2.12", List.of("get-environment", "get-arguments", "initial-cwd"));
        EXPECTED.put("wasi:cli/exit@0.2.12", List.of("exit", "exit-with-code"));
        EXPECTED.put("wasi:cli/stdin@0.2.12", List.of("get-stdin"));
        EXPECTED.put("wasi:cli/stdout@0.2.12", List.of("get-stdout"));
        EXPECTED.put("wasi:cli/stderr@0.2.12", List.of("get-stderr"));
        EXPECTED.put("wasi:cli/terminal-input@0.2.12", List.of());
        EXPECTED.put("wasi:cli/terminal-output@0.2.12", List.of());
        EXPECTED.put("wasi:cli/terminal-stdin@0.2.12", List.of("get-terminal-stdin"));
        EXPECTED.put("wasi:cli/terminal-stdout@0.2.12", List.of("get-terminal-stdout"));
        EXPECTED.put("wasi:cli/terminal-stderr@0.2.12", List.of("get-terminal-stderr"));
        EXPECTED.put("wasi:filesystem/preopens@0.2.12", List.of("get-directories"));
        EXPECTED.put("wasi:filesystem/types@0.2.12", List.of("[method]descriptor.read-via-stream",
                "[method]descriptor.write-via-stream", "[method]descriptor.append-via-stream",
                "[method]descriptor.advise", "[method]descriptor.sync-data", "[method]descriptor.get-flags",
                "[method]descriptor.get-type", "[method]descriptor.set-size", "[method]descriptor.set-times",
                "[method]descriptor.read", "[method]descriptor.write", "[method]descriptor.read-directory",
                "[method]descriptor.sync", "[method]descriptor.create-directory-at", "[method]descriptor.stat",
                "[method]descriptor.stat-at", "[method]descriptor.set-times-at", "[method]descriptor.link-at",
                "[method]descriptor.open-at", "[method]descriptor.readlink-at",
                "[method]descriptor.remove-directory-at", "[method]descriptor.rename-at",
                "[method]descriptor.symlink-at", "[method]descriptor.unlink-file-at",
                "[method]descriptor.is-same-object", "[method]descriptor.metadata-hash",
                "[method]descriptor.metadata-hash-at", "[method]directory-entry-stream.read-directory-entry",
                "filesystem-error-code"));
    }

    /** Parameter counts of the WIT functions whose arity is easy to get wrong (self included). */
    private static final Map<String, Integer> ARITY = Map.of(
            "[method]descriptor.link-at", 5,
            "[method]descriptor.open-at", 5,
            "[method]descriptor.set-times-at", 5,
            "[method]descriptor.rename-at", 4,
            "[method]descriptor.advise", 4,
            "[method]descriptor.read", 3,
            "[method]output-stream.splice", 3,
            "[method]output-stream.blocking-splice", 3,
            "poll", 1);

    @Test
    void everyInterfaceAndFunctionIsServed() {
        Map<String, Set<String>> served = new HashMap<>();
        for (Object host : WasiHost.hosts()) {
            WitInterface wit = host.getClass().getAnnotation(WitInterface.class);
            assertNotNull(wit, host.getClass() + " is not a @WitInterface");
            Set<String> names = new TreeSet<>();
            for (Method m : host.getClass().getMethods()) {
                WitFunction f = m.getAnnotation(WitFunction.class);
                if (f != null) {
                    assertTrue(names.add(f.value()), "duplicate " + f.value());
                }
            }
            assertEquals(null, served.put(wit.value(), names), "duplicate host for " + wit.value());
        }
        assertEquals(EXPECTED.keySet(), served.keySet());
        for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
            assertEquals(new TreeSet<>(e.getValue()), served.get(e.getKey()), e.getKey());
        }
    }

    @Test
    void resourcesAreDeclared() {
        Map<String, List<String>> resources = new HashMap<>();
        for (Object host : WasiHost.hosts()) {
            WitInterface wit = host.getClass().getAnnotation(WitInterface.class);
            resources.put(wit.value(), Arrays.asList(wit.resources()));
        }
        assertEquals(List.of("error"), resources.get("wasi:io/error@0.2.12"));
        assertEquals(List.of("pollable"), resources.get("wasi:io/poll@0.2.12"));
        assertEquals(List.of("input-stream", "output-stream"), resources.get("wasi:io/streams@0.2.12"));
        assertEquals(List.of("descriptor", "directory-entry-stream"), resources.get("wasi:filesystem/types@0.2.12"));
        assertEquals(List.of("terminal-input"), resources.get("wasi:cli/terminal-input@0.2.12"));
        assertEquals(List.of("terminal-output"), resources.get("wasi:cli/terminal-output@0.2.12"));
    }

    @Test
    void methodsAreBindable() {
        for (Object host : WasiHost.hosts()) {
            Class<?> c = host.getClass();
            assertTrue(Modifier.isPublic(c.getModifiers()), c + " must be public");
            for (Method m : c.getMethods()) {
                WitFunction f = m.getAnnotation(WitFunction.class);
                if (f == null) {
                    continue;
                }
                Class<?>[] params = m.getParameterTypes();
                int witParams = params.length - (params.length > 0 && params[0] == Store.class ? 1 : 0);
                for (int i = 1; i < params.length; i++) {
                    assertTrue(params[i] != Store.class, m + ": Store only as the first parameter");
                }
                if (f.value().startsWith("[method]")) {
                    assertTrue(witParams >= 1, m + " lacks self");
                }
                Integer arity = ARITY.get(f.value());
                if (arity != null) {
                    assertEquals(arity, witParams, m.toString());
                }
            }
        }
    }

    @Test
    void hostObjectsKeepNoState() {
        for (Object host : WasiHost.hosts()) {
            for (var field : host.getClass().getDeclaredFields()) {
                assertTrue(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()),
                        host.getClass().getSimpleName() + "." + field.getName() + " is per-host state");
            }
        }
    }
}
