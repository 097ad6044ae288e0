package dev.wasmlet.runtime.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed interface name {@code namespace:package/interface@version}. Two names match when
 * all but the version are equal and the versions are semver-compatible as Wasmtime's linker
 * judges them: equal major for 1.0 and above, equal major and minor below 1.0 (so any 0.2.x
 * serves any 0.2.y).
 */
public record InterfaceName(String namespace, String packageName, String interfaceName, String version) {
    private static final Pattern NAME = Pattern.compile(
            "([a-z][a-z0-9-]*):([a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)*)/([a-z][a-z0-9-]*)(?:@([0-9A-Za-z.+-]+))?");

    /** Parses {@code name}, or returns null when it is a plain (unqualified) name. */
    public static InterfaceName parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        return new InterfaceName(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    /** The name without its version: {@code wasi:io/streams}. */
    public String unversioned() {
        return namespace + ":" + packageName + "/" + interfaceName;
    }

    /** Whether a host of this name can serve an import of {@code other}. */
    public boolean compatibleWith(InterfaceName other) {
        if (!unversioned().equals(other.unversioned())) {
            return false;
        }
        if (version == null || other.version == null) {
            return version == null && other.version == null;
        }
        long[] a = parseVersion(version);
        long[] b = parseVersion(other.version);
        if (a == null || b == null) {
            return version.equals(other.version);
        }
        if (a[0] != b[0]) {
            return false;
        }
        return a[0] != 0 || a[1] == b[1];
    }

    private static long[] parseVersion(String v) {
        String core = v.split("[-+]", 2)[0];
        String[] parts = core.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return unversioned() + (version == null ? "" : "@" + version);
    }
}
