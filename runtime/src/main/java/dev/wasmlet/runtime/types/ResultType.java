package dev.wasmlet.runtime.types;

/** {@code result<ok, error>}; either side may be null (no payload). A value is a {@link ResultValue}. */
public record ResultType(ValueType ok, ValueType error) implements ValueType {
    @Override
    public String toString() {
        return "result<" + (ok == null ? "_" : ok) + ", " + (error == null ? "_" : error) + ">";
    }
}
