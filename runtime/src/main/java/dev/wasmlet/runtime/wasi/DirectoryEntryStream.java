package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.types.ResultValue;
import java.util.List;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:filesystem/types.directory-entry-stream}: the entries of a
 * directory as read when the stream was made, each a {@code directory-entry} record.
 */
public final class DirectoryEntryStream {
    private static final ResultValue END = ResultValue.ok(Optional.empty());

    private final List<List<Object>> entries;
    private int next;

    DirectoryEntryStream(List<List<Object>> entries) {
        this.entries = entries;
    }

    /** {@code result<option<directory-entry>, error-code>}. */
    ResultValue readDirectoryEntry() {
        return next < entries.size() ? ResultValue.ok(Optional.of(entries.get(next++))) : END;
    }
}
