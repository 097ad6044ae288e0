package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;

/** {@code wasi:random/random}: cryptographically secure, from {@link WasiContext#random()}. */
@WitInterface("wasi:random/random@0.2.12")
public final class RandomHost {
    /** The most bytes one call returns; a guest asking for more traps. */
    public static final int MAX_BYTES = 64 << 20;

    @WitFunction("get-random-bytes")
    public byte[] getRandomBytes(Store store, long len) {
        byte[] bytes = new byte[checkLength(len, "get-random-bytes")];
        store.context(WasiContext.class).random().nextBytes(bytes);
        return bytes;
    }

    @WitFunction("get-random-u64")
    public long getRandomU64(Store store) {
        return store.context(WasiContext.class).random().nextLong();
    }

    static int checkLength(long len, String function) {
        if (len < 0 || len > MAX_BYTES) {
            throw new GuestTrapException(function + " of " + Long.toUnsignedString(len)
                    + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        return (int) len;
    }
}
