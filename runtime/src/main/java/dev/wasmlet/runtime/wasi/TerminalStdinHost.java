package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.Optional;

/** {@code wasi:cli/terminal-stdin}: stdin is never a terminal. */
@WitInterface("wasi:cli/terminal-stdin@0.2.12")
public final class TerminalStdinHost {
    @WitFunction("get-terminal-stdin")
    public Optional<TerminalInput> getTerminalStdin() {
        return Optional.empty();
    }
}
