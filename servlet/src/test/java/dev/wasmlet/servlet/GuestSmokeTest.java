package dev.wasmlet.servlet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GuestSuite}'s smoke tests with the Rust and the JavaScript (StarlingMonkey) guests. */
@ParameterizedClass(name = "{0} {1}")
@MethodSource("guests")
class GuestSmokeTest extends GuestSuite {
    static Stream<Arguments> guests() {
        return matrix(Guest.RUST, Guest.JS);
    }
}
