package dev.wasmlet.runtime.wasi;

import static dev.wasmlet.runtime.wasi.WasiTesting.assertClosed;
import static dev.wasmlet.runtime.wasi.WasiTesting.assertFailed;
import static dev.wasmlet.runtime.wasi.WasiTesting.bytes;
import static dev.wasmlet.runtime.wasi.WasiTesting.okBytes;
import static dev.wasmlet.runtime.wasi.WasiTesting.okLong;
import static dev.wasmlet.runtime.wasi.WasiTesting.whenParked;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.Store;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class InputStreamTest {
    private final IoStreamsHost streams = new IoStreamsHost();
    private final IoErrorHost errors = new IoErrorHost();
    private final IoPollHost poll = new IoPollHost();

    @Test
    void readsInChunksThenReportsClosed() {
        byte[] data = bytes(10, 3);
        InputStream in = new InputStream(ByteSources.of(data));
        assertArrayEquals(Arrays.copyOfRange(data, 0, 4), okBytes(streams.read(in, 4)));
        assertArrayEquals(Arrays.copyOfRange(data, 4, 10), okBytes(streams.read(in, 100)));
        assertClosed(streams.read(in, 1));
        assertTrue(in.isClosed());
        assertClosed(streams.read(in, 0));
        assertClosed(streams.blockingRead(in, 5));
        assertClosed(streams.skip(in, 5));
    }

    @Test
    void readOfZeroOnAnOpenStreamIsEmpty() {
        InputStream in = new InputStream(ByteSources.of(bytes(3, 0)));
        assertEquals(0, okBytes(streams.read(in, 0)).length);
        assertEquals(3, okBytes(streams.read(in, 3)).length);
    }

    @Test
    void hugeU64LengthReadsWhatThereIs() {
        InputStream in = new InputStream(ByteSources.of(bytes(5, 1)));
        assertArrayEquals(bytes(5, 1), okBytes(streams.read(in, -1L))); // u64 max
    }

    @Test
    void wholeArrayIsHandedOverWithoutCopy() {
        byte[] data = bytes(8, 0);
        InputStream in = new InputStream(ByteSources.of(data));
        assertSame(data, okBytes(streams.read(in, 8)));
    }

    @Test
    void readWithNothingAvailableIsEmptyAndSubscribeNotReady() {
        BytePipe pipe = new BytePipe(64);
        InputStream in = new InputStream(pipe.source());
        Pollable ready = streams.subscribe(in);
        assertEquals(0, okBytes(streams.read(in, 10)).length);
        assertFalse(poll.ready(ready));
        writeFully(pipe.sink(), bytes(3, 7));
        assertTrue(poll.ready(ready));
        assertArrayEquals(bytes(3, 7), okBytes(streams.read(in, 10)));
        assertFalse(poll.ready(ready));
        pipe.sink().close();
        assertTrue(poll.ready(ready), "ready at the end of the stream");
        assertClosed(streams.read(in, 10));
    }

    @Test
    void eachSubscribeIsANewPollable() {
        InputStream in = new InputStream(ByteSources.empty());
        Pollable a = streams.subscribe(in);
        Pollable b = streams.subscribe(in);
        assertTrue(a != b);
        Store store = WasiTesting.store();
        int ra = store.resources().add(a);
        int rb = store.resources().add(b);
        assertTrue(ra != rb);
        assertSame(a, store.resources().get(ra, Pollable.class));
    }

    @Test
    void blockingReadWaitsForAnotherThread() throws Exception {
        BytePipe pipe = new BytePipe(64);
        InputStream in = new InputStream(pipe.source());
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> producer = whenParked(guest, () -> {
            writeFully(pipe.sink(), bytes(5, 9));
        });
        assertArrayEquals(bytes(5, 9), okBytes(streams.blockingRead(in, 100)));
        producer.get();
    }

    @Test
    void blockingReadSeesTheEndFromAnotherThread() throws Exception {
        BytePipe pipe = new BytePipe(64);
        InputStream in = new InputStream(pipe.source());
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> producer = whenParked(guest, () -> {
            pipe.sink().close();
        });
        assertClosed(streams.blockingRead(in, 100));
        producer.get();
    }

    @Test
    void sourceFailureIsLastOperationFailedThenClosed() {
        BytePipe pipe = new BytePipe(64);
        writeFully(pipe.sink(), bytes(2, 0));
        pipe.fail(new IOException("connection reset"));
        InputStream in = new InputStream(pipe.source());
        assertEquals(2, okBytes(streams.read(in, 10)).length, "buffered bytes come first");
        IoError error = assertFailed(streams.read(in, 10));
        assertEquals("java.io.IOException: connection reset", errors.toDebugString(error));
        assertClosed(streams.read(in, 10));
        assertClosed(streams.blockingRead(in, 10));
    }

    @Test
    void skipAndBlockingSkip() throws Exception {
        InputStream in = new InputStream(ByteSources.of(bytes(10, 0)));
        assertEquals(4, okLong(streams.skip(in, 4)));
        assertArrayEquals(Arrays.copyOfRange(bytes(10, 0), 4, 6), okBytes(streams.read(in, 2)));
        assertEquals(4, okLong(streams.blockingSkip(in, 100)));
        assertClosed(streams.skip(in, 1));

        BytePipe pipe = new BytePipe(64);
        InputStream piped = new InputStream(pipe.source());
        assertEquals(0, okLong(streams.skip(piped, 5)));
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> producer = whenParked(guest, () -> {
            writeFully(pipe.sink(), bytes(7, 0));
            pipe.sink().close();
        });
        assertEquals(5, okLong(streams.blockingSkip(piped, 5)));
        producer.get();
        assertEquals(2, okLong(streams.blockingSkip(piped, 5)));
        assertClosed(streams.blockingSkip(piped, 5));
    }

    @Test
    void sourceReturningMoreThanAskedTraps() {
        ByteSource liar = new ByteSource() {
            @Override
            public byte[] read(int max) {
                return new byte[max + 1];
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
        };
        assertThrows(GuestTrapException.class, () -> streams.read(new InputStream(liar), 4));
    }

    @Test
    void closeClosesTheSource() {
        BytePipe pipe = new BytePipe(8);
        InputStream in = new InputStream(pipe.source());
        in.close();
        assertClosed(new OutputStream(pipe.sink()).checkWrite());
    }

    static void writeFully(ByteSink sink, byte[] data) {
        try {
            if (sink.checkWrite() < data.length) {
                throw new AssertionError("no room for " + data.length + " bytes");
            }
            sink.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
