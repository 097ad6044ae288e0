package dev.wasmlet.handler.http;

import java.util.Set;

/**
 * guests/c/freestanding: clang 19 without libc, no adapter. Assumed to implement every route
 * (its README was not written when this test was); fails loudly while the fixture is missing.
 */
class CFreestandingFixtureTest extends FixtureRoutes {
    @Override
    String fixture() {
        return "c-freestanding.wasm";
    }

    @Override
    Set<String> routes() {
        return ALL_ROUTES;
    }
}
