package dev.wasmlet.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilesystemTest {
    private final FilesystemTypesHost types = new FilesystemTypesHost();

    @Test
    void thereAreNoPreopens() {
        assertEquals(List.of(), new FilesystemPreopensHost().getDirectories(WasiTesting.store()));
    }

    @Test
    void filesystemErrorCodeIsNoneForOtherErrors() {
        assertEquals(Optional.empty(), types.filesystemErrorCode(new IoError(new IOException("reset"))));
        assertEquals(Optional.empty(), types.filesystemErrorCode(new IoError(new IllegalStateException())));
    }

    @Test
    void filesystemErrorCodeOfFilesystemErrors() {
        assertEquals(Optional.of(FilesystemErrorCode.IO.ordinal()),
                types.filesystemErrorCode(new IoError(new FilesystemException(FilesystemErrorCode.IO, "bad sector"))));
        assertEquals(Optional.of(20), types.filesystemErrorCode(new IoError(new NoSuchFileException("x"))),
                "no-entry is case 20");
    }

    @Test
    void errorCodesAreInWitOrder() {
        // Spot checks against wasi:filesystem/types.error-code: a result carries the case index.
        assertEquals(37, FilesystemErrorCode.values().length);
        assertEquals(0, FilesystemErrorCode.ACCESS.ordinal());
        assertEquals(13, FilesystemErrorCode.IO.ordinal());
        assertEquals(27, FilesystemErrorCode.UNSUPPORTED.ordinal());
        assertEquals(33, FilesystemErrorCode.READ_ONLY.ordinal());
        assertEquals(36, FilesystemErrorCode.CROSS_DEVICE.ordinal());
        assertEquals(27, FilesystemErrorCode.UNSUPPORTED.asError().payload());
    }
}
