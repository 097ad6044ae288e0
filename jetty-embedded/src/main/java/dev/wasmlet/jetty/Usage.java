package dev.wasmlet.jetty;

import dev.wasmlet.servlet.WasmletSettings;

/** The text of {@code wasmlet serve --help}, made from the settings' own descriptions. */
final class Usage {
    private Usage() {
    }

    static String text() {
        StringBuilder s = new StringBuilder();
        s.append("Usage: wasmlet serve [options] COMPONENT.wasm\n\n");
        s.append("Serves a wasi:http component over HTTP/1.1 and h2c.\n\n");
        s.append("Options:\n");
        option(s, "--addr HOST:PORT", "address to listen on (default 0.0.0.0:8080; port 0 picks a free one)");
        option(s, "--env NAME[=VALUE]", "a guest environment variable; NAME alone passes this process's value (repeatable)");
        option(s, "--inherit-env", "the guest sees this process's whole environment");
        option(s, "--header 'NAME: VALUE'", "replaces the request header NAME; @FILE reads one header a line (repeatable)");
        option(s, "--no-logging-prefix", "print guest output without the 'stdout [N] :: ' prefix");
        option(s, "--config FILE.json", "settings from a JSON file (the servlet's JSON schema)");
        option(s, "--help", "this text");
        s.append("\nSettings (the same keys as web.xml and JSON, kebab-case):\n");
        for (WasmletSettings.Key key : WasmletSettings.Key.values()) {
            if (key.key().equals("component") || key.key().equals("env") || key.key().equals("headers")
                    || key.key().equals("inheritEnv") || key.key().equals("loggingPrefix")) {
                continue;
            }
            option(s, "--" + key.cliName() + " VALUE", key.summary() + " (default " + key.defaultText() + ")");
        }
        return s.toString();
    }

    private static void option(StringBuilder s, String name, String description) {
        s.append("  ").append(name);
        s.append(" ".repeat(Math.max(1, 40 - name.length()))).append(description).append('\n');
    }
}
