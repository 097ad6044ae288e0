package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.concurrent.ThreadLocalRandom;

/** {@code wasi:random/insecure}: fast, not for secrets. */
@WitInterface("wasi:random/insecure@0.2.12")
public final class InsecureRandomHost {
    @WitFunction("get-insecure-random-bytes")
    public byte[] getInsecureRandomBytes(long len) {
        byte[] bytes = new byte[RandomHost.checkLength(len, "get-insecure-random-bytes")];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @WitFunction("get-insecure-random-u64")
    public long getInsecureRandomU64() {
        return ThreadLocalRandom.current().nextLong();
    }
}
