package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.ArrayList;
import java.util.List;

/** {@code wasi:filesystem/preopens}: the read-only preopens of the {@link WasiContext}, none by default. */
@WitInterface("wasi:filesystem/preopens@0.2.12")
public final class FilesystemPreopensHost {
    /** {@code list<tuple<descriptor, string>>}: a new descriptor per preopen and call. */
    @WitFunction("get-directories")
    public List<List<Object>> getDirectories(Store store) {
        List<WasiContext.Preopen> preopens = store.context(WasiContext.class).preopens();
        if (preopens.isEmpty()) {
            return List.of();
        }
        List<List<Object>> out = new ArrayList<>(preopens.size());
        for (WasiContext.Preopen p : preopens) {
            out.add(List.of(Descriptor.directory(p.hostDirectory()), p.guestPath()));
        }
        return out;
    }
}
