package dev.wasmlet.runtime.wasi;

/** The WIT resource {@code wasi:cli/terminal-input.terminal-input}; never made: there is no terminal. */
public final class TerminalInput {
    private TerminalInput() {
    }
}
