package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.host.WitFunction;
import dev.wasmlet.runtime.host.WitInterface;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.BitSet;
import java.util.Optional;

/**
 * {@code wasi:filesystem/types}, read-only: a guest holds {@link Descriptor}s only under the
 * read-only preopens of its {@link WasiContext} (none by default, and then no method but {@code
 * filesystem-error-code} can be reached). Reading works; whatever would change the filesystem
 * fails with {@code read-only}, or {@code bad-descriptor} for writing a file (it is open for
 * reading only).
 */
@WitInterface(value = "wasi:filesystem/types@0.2.12", resources = {"descriptor", "directory-entry-stream"})
public final class FilesystemTypesHost {
    private static final ResultValue OK = ResultValue.ok(null);

    @WitFunction("[method]descriptor.read-via-stream")
    public ResultValue readViaStream(Descriptor self, long offset) {
        return self.readViaStream(offset);
    }

    @WitFunction("[method]descriptor.write-via-stream")
    public ResultValue writeViaStream(Descriptor self, long offset) {
        return self.writeFile();
    }

    @WitFunction("[method]descriptor.append-via-stream")
    public ResultValue appendViaStream(Descriptor self) {
        return self.writeFile();
    }

    @WitFunction("[method]descriptor.advise")
    public ResultValue advise(Descriptor self, long offset, long length, int advice) {
        return self.type() == DescriptorType.DIRECTORY ? FilesystemErrorCode.BAD_DESCRIPTOR.asError() : OK;
    }

    @WitFunction("[method]descriptor.sync-data")
    public ResultValue syncData(Descriptor self) {
        return OK; // nothing was written
    }

    @WitFunction("[method]descriptor.get-flags")
    public ResultValue getFlags(Descriptor self) {
        return self.getFlags();
    }

    @WitFunction("[method]descriptor.get-type")
    public ResultValue getType(Descriptor self) {
        return self.getType();
    }

    @WitFunction("[method]descriptor.set-size")
    public ResultValue setSize(Descriptor self, long size) {
        return self.writeFile();
    }

    @WitFunction("[method]descriptor.set-times")
    public ResultValue setTimes(Descriptor self, VariantValue dataAccessTimestamp, VariantValue dataModificationTimestamp) {
        return FilesystemErrorCode.READ_ONLY.asError();
    }

    /** {@code result<tuple<list<u8>, bool>, error-code>}: the bytes and whether the end was reached. */
    @WitFunction("[method]descriptor.read")
    public ResultValue read(Descriptor self, long length, long offset) {
        return self.read(length, offset);
    }

    @WitFunction("[method]descriptor.write")
    public ResultValue write(Descriptor self, byte[] buffer, long offset) {
        return self.writeFile();
    }

    @WitFunction("[method]descriptor.read-directory")
    public ResultValue readDirectory(Descriptor self) {
        return self.readDirectory();
    }

    @WitFunction("[method]descriptor.sync")
    public ResultValue sync(Descriptor self) {
        return OK; // nothing was written
    }

    @WitFunction("[method]descriptor.create-directory-at")
    public ResultValue createDirectoryAt(Descriptor self, String path) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.stat")
    public ResultValue stat(Descriptor self) {
        return self.stat();
    }

    @WitFunction("[method]descriptor.stat-at")
    public ResultValue statAt(Descriptor self, BitSet pathFlags, String path) {
        return self.statAt(pathFlags, path);
    }

    @WitFunction("[method]descriptor.set-times-at")
    public ResultValue setTimesAt(Descriptor self, BitSet pathFlags, String path,
            VariantValue dataAccessTimestamp, VariantValue dataModificationTimestamp) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.link-at")
    public ResultValue linkAt(Descriptor self, BitSet oldPathFlags, String oldPath, Descriptor newDescriptor,
            String newPath) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.open-at")
    public ResultValue openAt(Descriptor self, BitSet pathFlags, String path, BitSet openFlags, BitSet flags) {
        return self.openAt(pathFlags, path, openFlags, flags);
    }

    @WitFunction("[method]descriptor.readlink-at")
    public ResultValue readlinkAt(Descriptor self, String path) {
        return self.readlinkAt(path);
    }

    @WitFunction("[method]descriptor.remove-directory-at")
    public ResultValue removeDirectoryAt(Descriptor self, String path) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.rename-at")
    public ResultValue renameAt(Descriptor self, String oldPath, Descriptor newDescriptor, String newPath) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.symlink-at")
    public ResultValue symlinkAt(Descriptor self, String oldPath, String newPath) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.unlink-file-at")
    public ResultValue unlinkFileAt(Descriptor self, String path) {
        return self.mutateDirectory();
    }

    @WitFunction("[method]descriptor.is-same-object")
    public boolean isSameObject(Descriptor self, Descriptor other) {
        return self.isSameObject(other);
    }

    /** {@code result<metadata-hash-value, error-code>}: {@code [lower, upper]}. */
    @WitFunction("[method]descriptor.metadata-hash")
    public ResultValue metadataHash(Descriptor self) {
        return self.metadataHash();
    }

    @WitFunction("[method]descriptor.metadata-hash-at")
    public ResultValue metadataHashAt(Descriptor self, BitSet pathFlags, String path) {
        return self.metadataHashAt(pathFlags, path);
    }

    @WitFunction("[method]directory-entry-stream.read-directory-entry")
    public ResultValue readDirectoryEntry(DirectoryEntryStream self) {
        return self.readDirectoryEntry();
    }

    /**
     * The filesystem error code of a stream error, when the stream failed with a {@link
     * FilesystemException} or a {@code java.nio.file} exception; none for any other error.
     * {@code option<error-code>}.
     */
    @WitFunction("filesystem-error-code")
    public Optional<Integer> filesystemErrorCode(IoError err) {
        FilesystemErrorCode code = codeOf(err.cause());
        return code == null ? Optional.empty() : Optional.of(code.ordinal());
    }

    static FilesystemErrorCode codeOf(Throwable t) {
        if (t instanceof FilesystemException f) {
            return f.code();
        }
        if (t instanceof NoSuchFileException) {
            return FilesystemErrorCode.NO_ENTRY;
        }
        if (t instanceof AccessDeniedException) {
            return FilesystemErrorCode.ACCESS;
        }
        if (t instanceof FileAlreadyExistsException) {
            return FilesystemErrorCode.EXIST;
        }
        if (t instanceof NotDirectoryException) {
            return FilesystemErrorCode.NOT_DIRECTORY;
        }
        if (t instanceof DirectoryNotEmptyException) {
            return FilesystemErrorCode.NOT_EMPTY;
        }
        if (t instanceof FileSystemLoopException) {
            return FilesystemErrorCode.LOOP;
        }
        if (t instanceof NotLinkException) {
            return FilesystemErrorCode.INVALID;
        }
        return null;
    }
}
