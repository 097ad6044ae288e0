package dev.wasmlet.runtime.wasi;

import static dev.wasmlet.runtime.wasi.WasiTesting.assertClosed;
import static dev.wasmlet.runtime.wasi.WasiTesting.assertFailed;
import static dev.wasmlet.runtime.wasi.WasiTesting.assertOk;
import static dev.wasmlet.runtime.wasi.WasiTesting.awaitParked;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OutputStreamTest {
    private final IoStreamsHost streams = new IoStreamsHost();
    private final IoPollHost poll = new IoPollHost();

    @Test
    void writesGoStraightIntoTheSinkWithoutCopy() {
        List<byte[]> received = new ArrayList<>();
        OutputStream out = new OutputStream(ByteSinks.of(received::add));
        assertEquals(ByteSinks.DEFAULT_PERMIT, okLong(streams.checkWrite(out)));
        byte[] data = bytes(100, 1);
        assertOk(streams.write(out, data));
        assertEquals(1, received.size());
        assertSame(data, received.get(0));
        assertTrue(poll.ready(streams.subscribe(out)));
    }

    @Test
    void writeBeyondThePermitTraps() {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = new OutputStream(pipe.sink());
        assertEquals(16, okLong(streams.checkWrite(out)));
        GuestTrapException trap = assertThrows(GuestTrapException.class, () -> streams.write(out, new byte[17]));
        assertTrue(trap.getMessage().contains("17"), trap.getMessage());
        assertEquals(0, pipe.buffered(), "nothing was written");
    }

    @Test
    void thePermitIsConsumedByWrites() {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = new OutputStream(pipe.sink());
        assertEquals(16, okLong(streams.checkWrite(out)));
        assertOk(streams.write(out, new byte[10]));
        assertThrows(GuestTrapException.class, () -> streams.write(out, new byte[7]));
        assertOk(streams.write(out, new byte[6]));
        assertEquals(0, okLong(streams.checkWrite(out)));
        assertFalse(poll.ready(streams.subscribe(out)), "a full pipe is not writable");
        assertThrows(GuestTrapException.class, () -> streams.write(out, new byte[1]));
    }

    @Test
    void writeWithinWhatTheSinkTakesNeedsNoPriorCheckWrite() {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = new OutputStream(pipe.sink());
        assertOk(streams.write(out, bytes(5, 0)));
        assertEquals(5, pipe.buffered());
        assertThrows(GuestTrapException.class, () -> streams.write(out, new byte[12]));
    }

    @Test
    void writeZeroes() throws IOException {
        BytePipe pipe = new BytePipe(8);
        OutputStream out = new OutputStream(pipe.sink());
        assertEquals(8, okLong(streams.checkWrite(out)));
        assertThrows(GuestTrapException.class, () -> streams.writeZeroes(out, 9));
        assertThrows(GuestTrapException.class, () -> streams.writeZeroes(out, -1L));
        assertOk(streams.writeZeroes(out, 8));
        assertArrayEquals(new byte[8], pipe.source().read(100));
    }

    @Test
    void writeZeroesOfMoreThanOneChunk() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream out = new OutputStream(ByteSinks.of(received::writeBytes));
        assertEquals(ByteSinks.DEFAULT_PERMIT, okLong(streams.checkWrite(out)));
        assertOk(streams.writeZeroes(out, 200_000));
        assertArrayEquals(new byte[200_000], received.toByteArray());
    }

    @Test
    void blockingWritesOfMoreThan4096BytesTrap() {
        WasiTesting.Recorder recorder = new WasiTesting.Recorder();
        OutputStream out = new OutputStream(ByteSinks.of(recorder));
        assertThrows(GuestTrapException.class, () -> streams.blockingWriteAndFlush(out, new byte[4097]));
        assertThrows(GuestTrapException.class, () -> streams.blockingWriteZeroesAndFlush(out, 4097));
        assertThrows(GuestTrapException.class, () -> streams.blockingWriteZeroesAndFlush(out, -1L));
        assertEquals(0, recorder.bytes().length);
        assertOk(streams.blockingWriteAndFlush(out, bytes(4096, 5)));
        assertOk(streams.blockingWriteZeroesAndFlush(out, 10));
        byte[] expected = Arrays.copyOf(bytes(4096, 5), 4106);
        assertArrayEquals(expected, recorder.bytes());
        assertEquals(2, recorder.flushes);
    }

    @Test
    void blockingWriteAndFlushWaitsForASlowReader() throws Exception {
        BytePipe pipe = new BytePipe(100);
        OutputStream out = new OutputStream(pipe.sink());
        byte[] data = bytes(4096, 11);
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> drain(pipe.source()));
        assertOk(streams.blockingWriteAndFlush(out, data));
        out.close();
        assertArrayEquals(data, reader.get());
    }

    @Test
    void flushHoldsWritesUntilItCompletes() throws Exception {
        SlowFlushSink sink = new SlowFlushSink();
        OutputStream out = new OutputStream(sink);
        Pollable writable = streams.subscribe(out);
        assertEquals(100, okLong(streams.checkWrite(out)));
        assertOk(streams.write(out, new byte[10]));
        assertOk(streams.flush(out));
        assertEquals(0, okLong(streams.checkWrite(out)), "no writes while a flush is pending");
        assertFalse(poll.ready(writable));
        assertThrows(GuestTrapException.class, () -> streams.write(out, new byte[1]));
        sink.complete();
        assertTrue(poll.ready(writable));
        assertEquals(100, okLong(streams.checkWrite(out)));
    }

    @Test
    void blockingFlushWaitsForTheFlushToComplete() throws Exception {
        SlowFlushSink sink = new SlowFlushSink();
        OutputStream out = new OutputStream(sink);
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> completer = whenParked(guest, () -> {
            sink.complete();
        });
        assertOk(streams.blockingFlush(out));
        completer.get();
        assertEquals(1, sink.completed);
    }

    @Test
    void flushFailureIsReportedByTheNextCall() {
        SlowFlushSink sink = new SlowFlushSink();
        OutputStream out = new OutputStream(sink);
        assertOk(streams.flush(out));
        sink.failWith(new IOException("disk full"));
        IoError error = assertFailed(streams.checkWrite(out));
        assertEquals("java.io.IOException: disk full", error.toDebugString());
        assertClosed(streams.checkWrite(out));
        assertClosed(streams.write(out, new byte[0]));
        assertClosed(streams.flush(out));
        assertClosed(streams.blockingFlush(out));
        assertClosed(streams.blockingWriteAndFlush(out, new byte[1]));
        assertClosed(streams.writeZeroes(out, 1));
    }

    @Test
    void readerGoneMeansClosed() throws IOException {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = new OutputStream(pipe.sink());
        assertEquals(16, okLong(streams.checkWrite(out)));
        pipe.source().close();
        assertTrue(poll.ready(streams.subscribe(out)), "closed is ready");
        assertClosed(streams.write(out, new byte[4]));
        assertTrue(out.isClosed());
        assertClosed(streams.checkWrite(out));
    }

    @Test
    void sinkFailureIsLastOperationFailedThenClosed() {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = new OutputStream(pipe.sink());
        pipe.fail(new IOException("broken pipe"));
        IoError error = assertFailed(streams.checkWrite(out));
        assertTrue(error.cause() instanceof IOException);
        assertClosed(streams.checkWrite(out));
    }

    @Test
    void closeEndsTheData() throws IOException {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = new OutputStream(pipe.sink());
        assertOk(streams.write(out, bytes(3, 0)));
        out.close();
        assertArrayEquals(bytes(3, 0), pipe.source().read(10));
        assertEquals(null, pipe.source().read(10));
    }

    @Test
    void spliceMovesWhatBothSidesAllow() throws IOException {
        byte[] data = bytes(10, 2);
        InputStream in = new InputStream(ByteSources.of(data));
        BytePipe pipe = new BytePipe(4);
        OutputStream out = new OutputStream(pipe.sink());
        assertEquals(0, okLong(streams.splice(out, in, 0)));
        assertEquals(4, okLong(streams.splice(out, in, 100)));
        assertEquals(0, okLong(streams.splice(out, in, 100)), "the pipe is full");
        ByteArrayOutputStream moved = new ByteArrayOutputStream();
        moved.writeBytes(pipe.source().read(100));
        assertEquals(3, okLong(streams.splice(out, in, 3)));
        moved.writeBytes(pipe.source().read(100));
        assertEquals(3, okLong(streams.splice(out, in, -1L)));
        moved.writeBytes(pipe.source().read(100));
        assertClosed(streams.splice(out, in, 100));
        assertFalse(out.isClosed(), "the input's end does not close the output");
        assertArrayEquals(data, moved.toByteArray());
    }

    @Test
    void spliceFromAnEmptyPipeMovesNothing() {
        BytePipe src = new BytePipe(8);
        InputStream in = new InputStream(src.source());
        OutputStream out = new OutputStream(ByteSinks.of(OutputSink.discard()));
        assertEquals(0, okLong(streams.splice(out, in, 8)));
    }

    @Test
    void blockingSpliceWaitsForInput() throws Exception {
        BytePipe src = new BytePipe(64);
        InputStream in = new InputStream(src.source());
        WasiTesting.Recorder recorder = new WasiTesting.Recorder();
        OutputStream out = new OutputStream(ByteSinks.of(recorder));
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> producer = whenParked(guest, () -> {
            InputStreamTest.writeFully(src.sink(), bytes(6, 4));
            src.sink().close();
        });
        assertEquals(6, okLong(streams.blockingSplice(out, in, 100)));
        producer.get();
        assertArrayEquals(bytes(6, 4), recorder.bytes());
        assertClosed(streams.blockingSplice(out, in, 100));
    }

    @Test
    void blockingSpliceWaitsForRoomInTheOutput() throws Exception {
        InputStream in = new InputStream(ByteSources.of(bytes(20, 0)));
        BytePipe pipe = new BytePipe(8);
        OutputStream out = new OutputStream(pipe.sink());
        assertOk(streams.write(out, new byte[8]));
        Thread guest = Thread.currentThread();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                awaitParked(guest);
                return pipe.source().read(100);
            } catch (InterruptedException | IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(8, okLong(streams.blockingSplice(out, in, 100)));
        assertEquals(8, reader.get().length);
        assertArrayEquals(Arrays.copyOf(bytes(20, 0), 8), okBytes(new InputStream(pipe.source()).read(8)));
    }

    static byte[] drain(ByteSource source) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = new InputStream(source);
        while (true) {
            var r = in.blockingRead(37);
            if (!r.isOk()) {
                return all.toByteArray();
            }
            all.writeBytes((byte[]) r.payload());
        }
    }

    /** A sink whose flushes complete only when {@link #complete()} is called, from any thread. */
    static final class SlowFlushSink implements ByteSink {
        private final Wakers wakers = new Wakers();
        private volatile boolean flushing;
        private volatile IOException failure;
        volatile int completed;

        @Override
        public long checkWrite() throws IOException {
            if (failure != null) {
                throw failure;
            }
            return flushing ? 0 : 100;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (flushing || bytes.length > 100) {
                throw new AssertionError("write of " + bytes.length + " not permitted");
            }
        }

        @Override
        public void flush() {
            flushing = true;
        }

        void complete() {
            completed++;
            flushing = false;
            wakers.wakeAll();
        }

        void failWith(IOException e) {
            failure = e;
            wakers.wakeAll();
        }

        @Override
        public boolean isReady() {
            return !flushing || failure != null;
        }

        @Override
        public void addWaker(Runnable waker) {
            wakers.add(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            wakers.remove(waker);
        }
    }
}
