package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:cli/terminal-output}: only the resource {@link TerminalOutput}. */
@WitInterface(value = "wasi:cli/terminal-output@0.2.12", resources = {"terminal-output"})
public final class TerminalOutputHost {
}
