package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.Optional;

/** {@code wasi:cli/terminal-stderr}: stderr is never a terminal. */
@WitInterface("wasi:cli/terminal-stderr@0.2.12")
public final class TerminalStderrHost {
    @WitFunction("get-terminal-stderr")
    public Optional<TerminalOutput> getTerminalStderr() {
        return Optional.empty();
    }
}
