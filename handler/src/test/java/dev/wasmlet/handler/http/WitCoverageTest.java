package dev.wasmlet.handler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every function and resource of {@code types} and {@code outgoing-handler} in the WIT (jco
 * 1.35.0's builtin wasi-http 0.2.12, copied to src/test/resources/wit) has its host method.
 */
class WitCoverageTest {
    /** The WIT, from the class path (so the suite runs from another module too, as engine-wasmtime does). */
    static String wasiHttpWit() throws IOException {
        try (InputStream in = WitCoverageTest.class.getResourceAsStream("/wit/wasi-http-0.2.12.wit")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The functions of {@code interface types} as the component model names them. */
    static Set<String> witFunctions(String wit, String iface) {
        int start = wit.indexOf("interface " + iface + " {");
        String body = wit.substring(start);
        Set<String> names = new TreeSet<>();
        String resource = null;
        int depth = 0;
        Pattern resourceStart = Pattern.compile("^\\s*resource ([a-z0-9-]+) \\{");
        Pattern constructor = Pattern.compile("^\\s*constructor\\(");
        Pattern function = Pattern.compile("^\\s*%?([a-z0-9-]+(?:-[A-Za-z0-9]+)*): (static )?func\\(");
        for (String line : body.split("\n")) {
            Matcher r = resourceStart.matcher(line);
            Matcher c = constructor.matcher(line);
            Matcher f = function.matcher(line);
            if (r.find()) {
                resource = r.group(1);
            } else if (resource != null && c.find()) {
                names.add("[constructor]" + resource);
            } else if (f.find()) {
                if (resource == null) {
                    names.add(f.group(1));
                } else {
                    names.add((f.group(2) != null ? "[static]" : "[method]") + resource + "." + f.group(1));
                }
            }
            depth += count(line, '{') - count(line, '}');
            if (resource != null && depth == 1 && line.contains("}")) {
                resource = null;
            }
            if (depth == 0 && line.contains("}")) {
                break;
            }
        }
        return names;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    static Set<String> hostFunctions(Class<?> host) {
        Set<String> names = new TreeSet<>();
        for (Method m : host.getMethods()) {
            WitFunction f = m.getAnnotation(WitFunction.class);
            if (f != null) {
                names.add(f.value());
            }
        }
        return names;
    }

    @Test
    void everyFunctionHasAHostMethod() throws IOException {
        String wit = wasiHttpWit();
        Set<String> types = witFunctions(wit, "types");
        assertEquals(52, types.size(), () -> "parsed " + types);
        assertEquals(types, hostFunctions(HttpTypesHost.class));
        assertEquals(Set.of("handle"), witFunctions(wit, "outgoing-handler"));
        assertEquals(Set.of("handle"), hostFunctions(OutgoingHandlerHost.class));
        Set<String> resources = new TreeSet<>();
        Matcher m = Pattern.compile("\\n\\s*resource ([a-z0-9-]+) \\{").matcher(wit);
        while (m.find()) {
            resources.add(m.group(1));
        }
        String[] declared = HttpTypesHost.class.getAnnotation(WitInterface.class).resources();
        assertEquals(resources, new TreeSet<>(List.of(declared)));
        assertEquals(11, resources.size());
    }
}
