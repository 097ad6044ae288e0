package dev.wasmlet.servlet;

import dev.wasmlet.runtime.WasmletException;
import java.util.List;

/**
 * The configuration of a pool is invalid: each problem names the key, the value and the form
 * expected, such as {@code idleInstanceTimeout: "1 sec" is not a duration; write 1s or 250ms}.
 * Thrown at start-up, so that a bad setting stops the application instead of surprising it later.
 */
public class SettingsException extends WasmletException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one line per invalid setting, never empty */
    public SettingsException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public SettingsException(String problem) {
        this(List.of(problem));
    }

    /** Every problem found, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SettingsException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " settings are invalid:\n - " + String.join("\n - ", problems);
    }
}
