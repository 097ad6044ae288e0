package dev.wasmlet.runtime.host;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as the host implementation of one WIT function, named as the component
 * model names it: {@code get-stdout}, {@code [constructor]fields},
 * {@code [method]output-stream.write}, {@code [static]response-outparam.set}.
 *
 * <p>Parameters and the return value take the Java types of {@link
 * dev.wasmlet.runtime.types.ValueType}'s table, except that an {@code own} or {@code borrow}
 * handle is the host's own Java object for that resource (an {@code own} result is added to the
 * instance's {@link ResourceTable}; an {@code own} parameter is taken out of it), and a WIT enum
 * may be a Java enum whose constants are the labels in upper snake case. A first parameter of
 * type {@link Store} receives the calling instance's store. Throw {@link
 * dev.wasmlet.runtime.GuestTrapException} to trap the guest.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WitFunction {
    String value();
}
