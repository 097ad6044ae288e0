package dev.wasmlet.handler.http;

import java.util.Set;

/** guests/rust: Debian rustc 1.63, wasm32-wasi std, hand-written imports, preview1 reactor adapter. */
class RustFixtureTest extends FixtureRoutes {
    @Override
    String fixture() {
        return "rust.wasm";
    }

    @Override
    Set<String> routes() {
        return ALL_ROUTES;
    }
}
