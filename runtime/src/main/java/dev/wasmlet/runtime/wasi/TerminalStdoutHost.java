package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.Optional;

/** {@code wasi:cli/terminal-stdout}: stdout is never a terminal. */
@WitInterface("wasi:cli/terminal-stdout@0.2.12")
public final class TerminalStdoutHost {
    @WitFunction("get-terminal-stdout")
    public Optional<TerminalOutput> getTerminalStdout() {
        return Optional.empty();
    }
}
