package dev.wasmlet.handler.http;

import java.util.List;
import java.util.Set;

/** guests/js for wasi:http@0.2.10: jco componentize with StarlingMonkey (componentize-js 0.22+). */
class Js0210FixtureTest extends FixtureRoutes {
    @Override
    String fixture() {
        return "js-0.2.10.wasm";
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
