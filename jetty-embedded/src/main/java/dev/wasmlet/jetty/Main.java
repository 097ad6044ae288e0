package dev.wasmlet.jetty;

import dev.wasmlet.handler.ProxyHandler;
import dev.wasmlet.servlet.ComponentProxyHandlerFactory;
import dev.wasmlet.servlet.RequestContext;
import dev.wasmlet.servlet.SettingsException;
import dev.wasmlet.servlet.WasmletSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code wasmlet serve [options] COMPONENT.wasm}: serves a {@code wasi:http} component on an
 * embedded Jetty, with the options of {@code wasmtime serve} where it has them and every other
 * setting of the servlet's configuration under its kebab-case name.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status >= 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command; returns the exit status, or -1 while the server is serving (it then exits
     * by signal).
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(Usage.text());
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("serve")) {
            err.println("error: unknown command " + args[0] + "; try: wasmlet serve --help");
            return 2;
        }
        ServeOptions options;
        try {
            options = ServeOptions.parse(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(Usage.text());
            return 0;
        }
        WasmletSettings settings;
        try {
            settings = options.settings();
        } catch (SettingsException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        ProxyHandler<RequestContext> pool;
        try {
            pool = new ComponentProxyHandlerFactory().create(settings, out::println, err::println);
        } catch (RuntimeException e) {
            err.println("error: " + settings.componentFileName() + ": " + e.getMessage());
            return 1;
        }
        Server server = new Server(pool, settings, options.host(), options.port());
        try {
            server.start();
        } catch (IOException e) {
            pool.shutdown(settings.drainTimeout()).join();
            err.println("error: cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
            return 1;
        }
        // SIGTERM and Ctrl-C drain in-flight requests; having drained, the process exits 0, not 143
        // or 130; a stop that fails says why and exits 1, never leaving the status to the signal.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 0;
            try {
                server.stop();
            } catch (RuntimeException | Error e) {
                err.println("error: stopping the server: " + e);
                status = 1;
            }
            err.flush();
            out.flush();
            Runtime.getRuntime().halt(status);
        }, "wasmlet-shutdown"));
        err.println("Serving HTTP on http://" + server.displayHost() + ":" + server.port() + "/");
        return -1;
    }

    /** The parsed command line of {@code serve}. */
    record ServeOptions(String host, int port, Map<String, Object> values, boolean help) {
        private static final String DEFAULT_ADDR = "0.0.0.0:8080";

        static ServeOptions parse(List<String> args) {
            String addr = DEFAULT_ADDR;
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>();
            List<String> headers = new ArrayList<>();
            String component = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    if (component != null) {
                        throw new IllegalArgumentException("one component only; also got " + arg);
                    }
                    component = arg;
                    continue;
                }
                String name = arg.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                switch (name) {
                    case "help" -> {
                        return new ServeOptions("", 0, Map.of(), true);
                    }
                    case "inherit-env" -> values.put("inheritEnv", true);
                    case "no-logging-prefix" -> values.put("loggingPrefix", false);
                    case "addr" -> addr = inline != null ? inline : value(args, ++i, arg);
                    case "env" -> env(inline != null ? inline : value(args, ++i, arg), env);
                    case "header" -> headers.addAll(header(inline != null ? inline : value(args, ++i, arg)));
                    case "config" -> values.putAll(Config.read(Path.of(inline != null ? inline : value(args, ++i, arg))));
                    default -> {
                        WasmletSettings.Key key = keyOf(name);
                        values.put(key.key(), inline != null ? inline : value(args, ++i, arg));
                    }
                }
            }
            if (component != null) {
                values.put("component", Path.of(component).toAbsolutePath().normalize().toString());
            } else if (!values.containsKey("component")) {
                throw new IllegalArgumentException("no component given; usage: wasmlet serve [options] COMPONENT.wasm");
            }
            if (!env.isEmpty()) {
                values.put("env", env);
            }
            if (!headers.isEmpty()) {
                values.put("headers", headers);
            }
            int colon = addr.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--addr " + addr + " is not HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(addr.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--addr " + addr + " has no port number");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--addr " + addr + ": port must be 0 to 65535");
            }
            String host = addr.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new ServeOptions(host, port, values, false);
        }

        private static WasmletSettings.Key keyOf(String cliName) {
            for (WasmletSettings.Key key : WasmletSettings.Key.values()) {
                if (key.cliName().equals(cliName)) {
                    return key;
                }
            }
            throw new IllegalArgumentException("unknown option --" + cliName + "; see wasmlet serve --help");
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }

        /** {@code NAME=VALUE}, or {@code NAME} for the value this process has (unset stays unset). */
        private static void env(String spec, Map<String, String> env) {
            int eq = spec.indexOf('=');
            if (eq >= 0) {
                env.put(spec.substring(0, eq), spec.substring(eq + 1));
            } else if (System.getenv(spec) != null) {
                env.put(spec, System.getenv(spec));
            }
        }

        /** {@code name: value}, or {@code @file} with one header a line (blank lines skipped). */
        private static List<String> header(String spec) {
            if (!spec.startsWith("@")) {
                return List.of(spec);
            }
            Path file = Path.of(spec.substring(1));
            try {
                return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("--header " + spec + ": cannot read " + file + " (" + e + ")");
            }
        }

        WasmletSettings settings() {
            return WasmletSettings.builder().setAll(values, "command line").build();
        }
    }
}
