package dev.wasmlet.runtime.internal.canon;

import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreMemory;
import java.util.Objects;

/**
 * The canon options of one {@code canon lift} or {@code canon lower}. {@code memory},
 * {@code realloc} and {@code postReturn} may be null when the function type does not need them
 * ({@link CanonicalAbi#lift} and {@link CanonicalAbi#lower} check that at creation time).
 */
public record CanonOptions(CoreMemory memory, CoreFunction realloc, StringEncoding encoding, CoreFunction postReturn) {
    /** No memory, no realloc, UTF-8, no post-return: enough for functions of scalars only. */
    public static final CanonOptions NONE = new CanonOptions(null, null, StringEncoding.UTF8, null);

    public CanonOptions {
        Objects.requireNonNull(encoding, "encoding");
    }
}
