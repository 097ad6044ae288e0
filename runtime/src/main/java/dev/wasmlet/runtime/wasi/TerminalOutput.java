package dev.wasmlet.runtime.wasi;

/** The WIT resource {@code wasi:cli/terminal-output.terminal-output}; never made: there is no terminal. */
public final class TerminalOutput {
    private TerminalOutput() {
    }
}
