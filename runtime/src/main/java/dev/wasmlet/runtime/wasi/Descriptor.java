package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.types.ResultValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The WIT resource {@code wasi:filesystem/types.descriptor}: a file or directory under a
 * read-only preopen ({@link WasiContext.Builder#preopenReadOnly}). Paths are relative to a
 * directory descriptor and may not leave it, by {@code ..} or by a symbolic link; whatever would
 * change the filesystem fails with {@code read-only} ({@code bad-descriptor} for writing a file,
 * which is open for reading only). Confined to the guest thread.
 */
public final class Descriptor {
    /** The most one {@code read} returns. */
    static final int MAX_READ = 1 << 20;

    private static final BitSet READ_FLAGS = bits(0);
    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final boolean SLASH_SEPARATED = FileSystems.getDefault().getSeparator().equals("/");

    private final Path path;
    private final DescriptorType type;

    private Descriptor(Path path, DescriptorType type) {
        this.path = path;
        this.type = type;
    }

    /** The descriptor of a preopened directory. */
    static Descriptor directory(Path realPath) {
        return new Descriptor(realPath, DescriptorType.DIRECTORY);
    }

    /** The host path this descriptor stands for. */
    public Path path() {
        return path;
    }

    public DescriptorType type() {
        return type;
    }

    ResultValue readViaStream(long offset) {
        if (type == DescriptorType.DIRECTORY) {
            return FilesystemErrorCode.BAD_DESCRIPTOR.asError();
        }
        return ResultValue.ok(new InputStream(new FileSource(path, offset)));
    }

    ResultValue read(long length, long offset) {
        if (type == DescriptorType.DIRECTORY) {
            return FilesystemErrorCode.BAD_DESCRIPTOR.asError();
        }
        if (offset < 0) {
            return FilesystemErrorCode.INVALID.asError();
        }
        int max = length < 0 || length > MAX_READ ? MAX_READ : (int) length;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (offset >= size || max == 0) {
                return ResultValue.ok(List.of(ByteSources.emptyBytes(), offset >= size));
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, size - offset));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break; // the file shrank meanwhile
                }
            }
            int n = buffer.position();
            byte[] bytes = n == buffer.capacity() ? buffer.array() : Arrays.copyOf(buffer.array(), n);
            return ResultValue.ok(List.of(bytes, offset + n >= size));
        } catch (IOException e) {
            return error(e);
        }
    }

    ResultValue getFlags() {
        return ResultValue.ok(READ_FLAGS.clone());
    }

    ResultValue getType() {
        return ResultValue.ok(type.ordinal());
    }

    ResultValue stat() {
        return statOf(path, FOLLOW);
    }

    ResultValue statAt(BitSet pathFlags, String relative) {
        try {
            boolean follow = pathFlags.get(0);
            return statOf(resolve(relative, follow), follow ? FOLLOW : NOFOLLOW);
        } catch (IOException e) {
            return error(e);
        }
    }

    ResultValue openAt(BitSet pathFlags, String relative, BitSet openFlags, BitSet flags) {
        // open-flags: create(0) directory(1) exclusive(2) truncate(3);
        // descriptor-flags: read(0) write(1) ... mutate-directory(5).
        if (openFlags.get(0) || openFlags.get(2) || openFlags.get(3) || flags.get(1) || flags.get(5)) {
            return FilesystemErrorCode.READ_ONLY.asError();
        }
        try {
            boolean follow = pathFlags.get(0);
            Path target = resolve(relative, follow);
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class,
                    follow ? FOLLOW : NOFOLLOW);
            if (attributes.isSymbolicLink()) {
                return FilesystemErrorCode.LOOP.asError();
            }
            DescriptorType targetType = DescriptorType.of(attributes);
            if (openFlags.get(1) && targetType != DescriptorType.DIRECTORY) {
                return FilesystemErrorCode.NOT_DIRECTORY.asError();
            }
            return ResultValue.ok(new Descriptor(target, targetType));
        } catch (IOException e) {
            return error(e);
        }
    }

    ResultValue readDirectory() {
        if (type != DescriptorType.DIRECTORY) {
            return FilesystemErrorCode.NOT_DIRECTORY.asError();
        }
        List<List<Object>> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path child : stream) {
                DescriptorType childType;
                try {
                    childType = DescriptorType.of(Files.readAttributes(child, BasicFileAttributes.class, NOFOLLOW));
                } catch (IOException e) {
                    childType = DescriptorType.UNKNOWN;
                }
                entries.add(List.of(childType.ordinal(), child.getFileName().toString()));
            }
        } catch (IOException e) {
            return error(e);
        }
        return ResultValue.ok(new DirectoryEntryStream(entries));
    }

    ResultValue readlinkAt(String relative) {
        try {
            Path link = resolve(relative, false);
            if (!Files.isSymbolicLink(link)) {
                return FilesystemErrorCode.INVALID.asError();
            }
            Path target = Files.readSymbolicLink(link);
            if (target.isAbsolute()) {
                return FilesystemErrorCode.NOT_PERMITTED.asError();
            }
            return ResultValue.ok(SLASH_SEPARATED ? target.toString() : target.toString().replace('\\', '/'));
        } catch (IOException e) {
            return error(e);
        }
    }

    ResultValue metadataHash() {
        return hashOf(path, FOLLOW);
    }

    ResultValue metadataHashAt(BitSet pathFlags, String relative) {
        try {
            boolean follow = pathFlags.get(0);
            return hashOf(resolve(relative, follow), follow ? FOLLOW : NOFOLLOW);
        } catch (IOException e) {
            return error(e);
        }
    }

    boolean isSameObject(Descriptor other) {
        if (this == other || path.equals(other.path)) {
            return true;
        }
        try {
            return Files.isSameFile(path, other.path);
        } catch (IOException e) {
            return false;
        }
    }

    /** Operations that need a directory but got a file answer {@code not-directory}. */
    ResultValue mutateDirectory() {
        return type == DescriptorType.DIRECTORY ? FilesystemErrorCode.READ_ONLY.asError()
                : FilesystemErrorCode.NOT_DIRECTORY.asError();
    }

    /** Writing a descriptor open for reading only. */
    ResultValue writeFile() {
        return FilesystemErrorCode.BAD_DESCRIPTOR.asError();
    }

    /**
     * The host path of {@code relative} under this directory. Lexical: {@code .} and {@code ..}
     * are applied to the path text, then symbolic links are resolved (all of them, or all but the
     * last when {@code followLast} is false) and the result must still be under this directory.
     */
    Path resolve(String relative, boolean followLast) throws IOException {
        if (type != DescriptorType.DIRECTORY) {
            throw new FilesystemException(FilesystemErrorCode.NOT_DIRECTORY, path + " is not a directory");
        }
        if (relative.isEmpty()) {
            throw new FilesystemException(FilesystemErrorCode.NO_ENTRY, "empty path");
        }
        if (relative.startsWith("/")) {
            throw new FilesystemException(FilesystemErrorCode.NOT_PERMITTED, "absolute path " + relative);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new FilesystemException(FilesystemErrorCode.NOT_PERMITTED, relative + " leaves its directory");
                }
                parts.removeLast();
                continue;
            }
            if (part.indexOf('\0') >= 0 || (!SLASH_SEPARATED && (part.indexOf('\\') >= 0 || part.indexOf(':') >= 0))) {
                throw new FilesystemException(FilesystemErrorCode.INVALID, "invalid path " + relative);
            }
            parts.addLast(part);
        }
        Path lexical = path;
        try {
            for (String part : parts) {
                lexical = lexical.resolve(part);
            }
        } catch (InvalidPathException e) {
            throw new FilesystemException(FilesystemErrorCode.INVALID, "invalid path " + relative);
        }
        Path real;
        if (followLast || parts.isEmpty()) {
            real = lexical.toRealPath();
        } else {
            real = lexical.getParent().toRealPath().resolve(lexical.getFileName());
        }
        if (!real.startsWith(path)) {
            throw new FilesystemException(FilesystemErrorCode.NOT_PERMITTED, relative + " leaves its directory");
        }
        return real;
    }

    private static ResultValue statOf(Path target, LinkOption[] options) {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, options);
            long links = 1;
            try {
                Object n = Files.getAttribute(target, "unix:nlink", options);
                if (n instanceof Integer i) {
                    links = i;
                }
            } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
                // Not a Unix filesystem: one link.
            }
            Optional<Object> ctime = Optional.empty();
            try {
                Object c = Files.getAttribute(target, "unix:ctime", options);
                if (c instanceof FileTime t) {
                    ctime = datetime(t);
                }
            } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
                // No status-change time here.
            }
            return ResultValue.ok(List.of(DescriptorType.of(a).ordinal(), links, a.size(),
                    datetime(a.lastAccessTime()), datetime(a.lastModifiedTime()), ctime));
        } catch (IOException e) {
            return error(e);
        }
    }

    private static Optional<Object> datetime(FileTime time) {
        if (time == null) {
            return Optional.empty();
        }
        Instant i = time.toInstant();
        if (i.getEpochSecond() < 0) {
            return Optional.empty();
        }
        return Optional.of(WallClockHost.datetime(i.getEpochSecond(), i.getNano()));
    }

    private static ResultValue hashOf(Path target, LinkOption[] options) {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, options);
            Object key = a.fileKey() != null ? a.fileKey() : target.toString();
            long lower = mix(key.hashCode() * 0x9E3779B97F4A7C15L ^ a.size());
            long upper = mix(lower ^ a.lastModifiedTime().toMillis() ^ ((long) target.toString().hashCode() << 32));
            return ResultValue.ok(List.of(lower, upper));
        } catch (IOException e) {
            return error(e);
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static ResultValue error(IOException e) {
        FilesystemErrorCode code = FilesystemTypesHost.codeOf(e);
        return (code == null ? FilesystemErrorCode.IO : code).asError();
    }

    private static BitSet bits(int... indices) {
        BitSet b = new BitSet();
        for (int i : indices) {
            b.set(i);
        }
        return b;
    }

    /** A file read from an offset; the channel opens on the first read and closes at the end. */
    private static final class FileSource implements ByteSource {
        private final Path path;
        private long position;
        private FileChannel channel;
        private boolean done;

        FileSource(Path path, long position) {
            this.path = path;
            this.position = position;
        }

        @Override
        public byte[] read(int max) throws IOException {
            if (done) {
                return null;
            }
            if (channel == null) {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(max, 64 << 10));
            int n = channel.read(buffer, position);
            if (n < 0) {
                close();
                return null;
            }
            position += n;
            return n == buffer.capacity() ? buffer.array() : Arrays.copyOf(buffer.array(), n);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void addWaker(Runnable waker) {
        }

        @Override
        public void removeWaker(Runnable waker) {
        }

        @Override
        public void close() {
            done = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing to report to.
                }
                channel = null;
            }
        }
    }
}
