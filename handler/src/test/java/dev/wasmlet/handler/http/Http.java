package dev.wasmlet.handler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import dev.wasmlet.runtime.wasi.IoError;
import dev.wasmlet.runtime.wasi.WasiContext;
import java.util.Map;

/** Helpers for calling the host as a guest would. */
final class Http {
    static final HttpTypesHost TYPES = new HttpTypesHost();
    static final OutgoingHandlerHost OUTGOING = new OutgoingHandlerHost();

    private Http() {
    }

    static Store store(HttpSettings settings) {
        return new Store(Map.of(HttpContext.class, new HttpContext(settings), WasiContext.class, WasiContext.defaults()));
    }

    static Store store() {
        return store(HttpSettings.defaults());
    }

    static HttpContext context(Store store) {
        return store.context(HttpContext.class);
    }

    static void assertOk(ResultValue r) {
        assertTrue(r.isOk(), () -> "expected ok, got " + r);
    }

    static <T> T ok(ResultValue r, Class<T> type) {
        assertTrue(r.isOk(), () -> "expected ok, got " + r);
        return assertInstanceOf(type, r.payload());
    }

    static void assertHeaderError(HeaderError expected, ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err(" + expected + "), got " + r);
        assertEquals(expected, HeaderError.of((VariantValue) r.payload()));
    }

    static void assertErr(ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err, got " + r);
    }

    static void assertErrorCode(ErrorCode expected, ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err(" + expected + "), got " + r);
        VariantValue code = (VariantValue) r.payload();
        assertEquals(expected, ErrorCode.of(code), () -> ErrorCode.describe(code));
    }

    /** The io-error of {@code err(last-operation-failed(e))}. */
    static IoError failed(ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err(last-operation-failed), got " + r);
        VariantValue v = assertInstanceOf(VariantValue.class, r.payload());
        assertEquals(0, v.caseIndex(), () -> "stream-error " + v);
        return assertInstanceOf(IoError.class, v.payload());
    }

    static void assertClosed(ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err(closed), got " + r);
        VariantValue v = assertInstanceOf(VariantValue.class, r.payload());
        assertEquals(1, v.caseIndex(), () -> "stream-error " + v);
    }
}
