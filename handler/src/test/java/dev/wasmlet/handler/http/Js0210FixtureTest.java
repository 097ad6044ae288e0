package dev.wasmlet.handler.http;

/** guests/js for wasi:http@0.2.10: jco componentize with StarlingMonkey (componentize-js 0.22+). */
class Js0210FixtureTest extends JsFixtureRoutes {
    @Override
    String fixture() {
        return "js-0.2.10.wasm";
    }
}
