package dev.wasmlet.handler.http;

import java.util.List;
import java.util.Set;

/** guests/js for wasi:http@0.2.3: jco componentize with its bundled componentize-js 0.19.3. */
class Js023FixtureTest extends FixtureRoutes {
    @Override
    String fixture() {
        return "js-0.2.3.wasm";
    }

    @Override
    Set<String> routes() {
        return JsFixtures.ROUTES;
    }

    @Override
    int streamLimit() {
        return JsFixtures.STREAM_LIMIT;
    }

    @Override
    List<String> sleepVariants() {
        return JsFixtures.SLEEP_VARIANTS;
    }

    @Override
    void assertDeniedText(String text) {
        JsFixtures.assertDeniedText(text);
    }
}
