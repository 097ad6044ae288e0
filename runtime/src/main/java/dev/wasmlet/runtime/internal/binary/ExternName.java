package dev.wasmlet.runtime.internal.binary;

import java.util.List;
import java.util.Optional;

/**
 * The name of an import or export, with its optional attributes ({@code nameattributes} of
 * Binary.md). Prefix 0x00 and 0x01 (older tools used 0x01 for interface names) carry the name
 * alone; prefix 0x02 adds a list of attributes. The name is kept exactly as encoded, for example
 * {@code wasi:http/types@0.2.3} or {@code [method]fields.append}: splitting off and matching
 * versions is the linker's job.
 *
 * @param name the {@code externname}
 * @param attributes the attributes in binary order (empty for prefixes 0x00 and 0x01)
 */
public record ExternName(String name, List<Attribute> attributes) {

    /** The {@code versionsuffix} attribute (🔗), if present. */
    public Optional<String> versionSuffix() {
        return attributes.stream().filter(a -> a instanceof VersionSuffix)
                .map(a -> ((VersionSuffix) a).suffix()).findFirst();
    }

    /** The {@code implements} attribute (🏷️), if present. */
    public Optional<String> implementsInterface() {
        return attributes.stream().filter(a -> a instanceof Implements)
                .map(a -> ((Implements) a).interfaceName()).findFirst();
    }

    @Override
    public String toString() {
        return attributes.isEmpty() ? name : name + " " + attributes;
    }

    /** An attribute of an import or export name. */
    public sealed interface Attribute permits Implements, VersionSuffix, ExternalId {
    }

    /** {@code (implements "in")}, 0x00 (🏷️). */
    public record Implements(String interfaceName) implements Attribute {
    }

    /** {@code (versionsuffix "vs")}, 0x01 (🔗): the rest of a canonicalized interface version. */
    public record VersionSuffix(String suffix) implements Attribute {
    }

    /** {@code (external-id n)}, 0x02 (🏷️). */
    public record ExternalId(String id) implements Attribute {
    }
}
