package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:cli/terminal-input}: only the resource {@link TerminalInput}. */
@WitInterface(value = "wasi:cli/terminal-input@0.2.12", resources = {"terminal-input"})
public final class TerminalInputHost {
}
