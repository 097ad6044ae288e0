package dev.wasmlet.handler.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

/** What guests/js/app.js implements: fetch-event JavaScript cannot express the other routes. */
abstract class JsFixtureRoutes extends FixtureRoutes {
    private static final Set<String> ROUTES = Set.of("/", "/hello", "/echo", "/status", "/stream", "/trap", "/print",
            "/busy", "/sleep", "/hog", "/outbound");

    @Override
    Set<String> routes() {
        return ROUTES;
    }

    /**
     * StarlingMonkey makes /stream's bytes in a JavaScript loop that runs at a few KB/s on the
     * default engine (its interpreter is one of the functions the engine runs interpreted), so
     * JavaScript fixtures are asked for small streams.
     */
    @Override
    int streamLimit() {
        return 3000;
    }

    /** The event loop's timer, and a monotonic-clock pollable blocked on directly. */
    @Override
    List<String> sleepVariants() {
        return List.of("", "&via=pollable");
    }

    /**
     * StarlingMonkey's fetch turns an {@code error-code} into an error that names no code: "An
     * error occurred while using the host API" when {@code outgoing-handler.handle} refuses the
     * request, "NetworkError when attempting to fetch resource" when the response future fails.
     */
    @Override
    void assertDeniedText(String text) {
        assertTrue(text.contains("An error occurred while using the host API") || text.contains("NetworkError"), text);
    }
}
