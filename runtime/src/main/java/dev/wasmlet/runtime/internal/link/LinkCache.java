package dev.wasmlet.runtime.internal.link;

import dev.wasmlet.runtime.types.ResourceType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the instantiations of one component share, filled by the first that needs it: its host
 * resource types, and what the host serves for each of its imports resolved against the
 * component's types. Sharing them is also what makes the function types of the imports the same
 * objects in every instance, so the canonical ABI compiles them once. Thread-safe.
 */
public final class LinkCache {
    /**
     * One resource type per host resource, shared by every version of its interface and by every
     * instance of the component, so that function types naming them are equal across instances.
     */
    final ConcurrentMap<String, ResourceType> hostResources = new ConcurrentHashMap<>();
    /** By the import's offset in the binary. */
    final ConcurrentMap<Integer, Instantiator.HostImport> hostImports = new ConcurrentHashMap<>();
}
