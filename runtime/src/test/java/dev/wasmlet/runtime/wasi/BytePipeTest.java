package dev.wasmlet.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BytePipeTest {
    @Test
    void wholeChunksPassWithoutCopyPartialOnesAreSplit() throws IOException {
        BytePipe pipe = new BytePipe(100);
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6, 7};
        pipe.sink().write(a);
        pipe.sink().write(b);
        assertEquals(7, pipe.buffered());
        assertSame(a, pipe.source().read(10), "one whole chunk per read, uncopied");
        assertArrayEquals(new byte[] {4, 5}, pipe.source().read(2));
        assertArrayEquals(new byte[] {6, 7}, pipe.source().read(10));
        assertEquals(0, pipe.source().read(10).length);
        assertFalse(pipe.source().isReady());
    }

    @Test
    void capacityBoundsWrites() throws IOException {
        BytePipe pipe = new BytePipe(5);
        assertEquals(5, pipe.sink().checkWrite());
        pipe.sink().write(new byte[3]);
        assertEquals(2, pipe.sink().checkWrite());
        assertThrows(IllegalStateException.class, () -> pipe.sink().write(new byte[3]));
        pipe.sink().write(new byte[2]);
        assertFalse(pipe.sink().isReady());
        assertEquals(3, pipe.source().skip(3));
        assertTrue(pipe.sink().isReady());
        assertEquals(3, pipe.sink().checkWrite());
    }

    @Test
    void wakersRunOnStateChanges() throws IOException {
        BytePipe pipe = new BytePipe(2);
        AtomicInteger readerWakes = new AtomicInteger();
        AtomicInteger writerWakes = new AtomicInteger();
        Runnable rw = readerWakes::incrementAndGet;
        pipe.source().addWaker(rw);
        pipe.sink().addWaker(writerWakes::incrementAndGet);
        pipe.sink().write(new byte[2]);
        assertEquals(1, readerWakes.get());
        pipe.source().read(1);
        assertEquals(1, writerWakes.get());
        pipe.source().removeWaker(rw);
        pipe.sink().write(new byte[1]);
        assertEquals(1, readerWakes.get(), "a removed waker is not run");
    }

    @Test
    void endComesAfterTheBufferedBytes() throws IOException {
        BytePipe pipe = new BytePipe(8);
        pipe.sink().write(new byte[] {9});
        pipe.sink().close();
        assertThrows(ClosedChannelException.class, () -> pipe.sink().checkWrite());
        assertTrue(pipe.source().isReady());
        assertArrayEquals(new byte[] {9}, pipe.source().read(8));
        assertNull(pipe.source().read(8));
        assertEquals(-1, pipe.source().skip(8));
    }

    @Test
    void failureReachesBothEnds() throws IOException {
        BytePipe pipe = new BytePipe(8);
        pipe.sink().write(new byte[] {1});
        IOException boom = new IOException("boom");
        pipe.fail(boom);
        assertSame(boom, assertThrows(IOException.class, () -> pipe.sink().checkWrite()));
        assertArrayEquals(new byte[] {1}, pipe.source().read(8));
        assertSame(boom, assertThrows(IOException.class, () -> pipe.source().read(8)));
    }

    @Test
    void closingTheReaderDropsTheBufferAndClosesTheWriter() throws IOException {
        BytePipe pipe = new BytePipe(8);
        pipe.sink().write(new byte[8]);
        assertFalse(pipe.sink().isReady());
        pipe.source().close();
        assertEquals(0, pipe.buffered());
        assertTrue(pipe.sink().isReady());
        assertThrows(ClosedChannelException.class, () -> pipe.sink().write(new byte[1]));
    }
}
