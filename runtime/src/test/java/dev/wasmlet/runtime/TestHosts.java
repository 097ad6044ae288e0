package dev.wasmlet.runtime;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Host interfaces and helpers for the linker tests. */
final class TestHosts {
    private TestHosts() {
    }

    static byte[] component(String name) {
        try (InputStream in = TestHosts.class.getResourceAsStream("/components/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test component " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ComponentRuntime runtime() {
        return TestEngines.runtime(Optional.empty());
    }

    /** The host of greet.wat. */
    @WitInterface("wasmlet:test/host@0.1.2")
    public static final class GreetHost {
        final List<String> logged = new ArrayList<>();
        String prefix = "Hello, ";

        @WitFunction("log")
        public void log(String message) {
            logged.add(message);
        }

        @WitFunction("prefix")
        public String prefix() {
            return prefix;
        }
    }
}
