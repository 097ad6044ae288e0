package dev.wasmlet.handler.http;

import java.util.Set;

/**
 * guests/c/libc: clang 19 with wasi-libc and the preview1 reactor adapter. Assumed to implement
 * every route (its README was not written when this test was); fails loudly while the fixture is
 * missing.
 */
class CLibcFixtureTest extends FixtureRoutes {
    @Override
    String fixture() {
        return "c-libc.wasm";
    }

    @Override
    Set<String> routes() {
        return ALL_ROUTES;
    }
}
