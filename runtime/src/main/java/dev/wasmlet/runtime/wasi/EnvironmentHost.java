package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import java.util.List;
import java.util.Optional;

/** {@code wasi:cli/environment}. */
@WitInterface("wasi:cli/environment@0.2.12")
public final class EnvironmentHost {
    /** {@code list<tuple<string, string>>}. */
    @WitFunction("get-environment")
    public List<List<Object>> getEnvironment(Store store) {
        return store.context(WasiContext.class).environmentTuples();
    }

    @WitFunction("get-arguments")
    public List<String> getArguments(Store store) {
        return store.context(WasiContext.class).arguments();
    }

    /** None: there is no filesystem to have a working directory in. */
    @WitFunction("initial-cwd")
    public Optional<String> initialCwd() {
        return Optional.empty();
    }
}
