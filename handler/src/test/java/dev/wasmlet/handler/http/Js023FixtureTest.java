package dev.wasmlet.handler.http;

/** guests/js for wasi:http@0.2.3: jco componentize with its bundled componentize-js 0.19.3. */
class Js023FixtureTest extends JsFixtureRoutes {
    @Override
    String fixture() {
        return "js-0.2.3.wasm";
    }
}
