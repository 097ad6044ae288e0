package dev.wasmlet.runtime.host;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java class as the host implementation of a WIT interface. Its public methods
 * annotated with {@link WitFunction} implement the interface's functions; the linker serves any
 * import of the same interface whose version is semver-compatible with {@link #value()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WitInterface {
    /** The interface's full name with its version: {@code wasi:io/streams@0.2.12}. */
    String value();

    /** The resources the interface defines, by their WIT names ({@code output-stream}). */
    String[] resources() default {};
}
