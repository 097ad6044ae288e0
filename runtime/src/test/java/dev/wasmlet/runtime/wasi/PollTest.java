package dev.wasmlet.runtime.wasi;

import static dev.wasmlet.runtime.wasi.WasiTesting.awaitParked;
import static dev.wasmlet.runtime.wasi.WasiTesting.okBytes;
import static dev.wasmlet.runtime.wasi.WasiTesting.whenParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import dev.wasmlet.runtime.host.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PollTest {
    private final IoPollHost poll = new IoPollHost();
    private final MonotonicClockHost clock = new MonotonicClockHost();

    @Test
    void pollOfAnEmptyListTraps() {
        assertThrows(GuestTrapException.class, () -> poll.poll(List.of()));
    }

    @Test
    void pollReturnsTheIndicesOfTheReadyOnes() {
        ReadySignal a = ReadySignal.ready();
        ReadySignal b = new ReadySignal();
        ReadySignal c = ReadySignal.ready();
        assertEquals(List.of(0, 2), poll.poll(List.of(a, b, c)));
        assertEquals(List.of(0), poll.poll(List.of(c)));
        assertEquals(List.of(0, 1), poll.poll(List.of(a, a)), "a pollable listed twice is reported twice");
    }

    @Test
    void readyAndBlock() {
        ReadySignal s = new ReadySignal();
        assertFalse(poll.ready(s));
        s.signal();
        assertTrue(poll.ready(s));
        poll.block(s);
        s.reset();
        assertFalse(poll.ready(s));
    }

    @Test
    void signalFromAnotherThreadWakesABlockedPoll() throws Exception {
        ReadySignal never = new ReadySignal();
        ReadySignal later = new ReadySignal();
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> other = whenParked(guest, () -> {
            later.signal();
        });
        assertEquals(List.of(1), poll.poll(List.of(never, later)));
        other.get();
    }

    @Test
    void dataFromAnotherThreadWakesABlockedPollOnAStream() throws Exception {
        BytePipe pipe = new BytePipe(16);
        InputStream in = new InputStream(pipe.source());
        IoStreamsHost streams = new IoStreamsHost();
        Pollable readable = streams.subscribe(in);
        Pollable timeout = clock.subscribeDuration(WasiTesting.store(), TimeUnit.SECONDS.toNanos(20));
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> producer = whenParked(guest, () -> {
            InputStreamTest.writeFully(pipe.sink(), new byte[] {42});
        });
        assertEquals(List.of(0), poll.poll(List.of(readable, timeout)));
        assertEquals(42, okBytes(streams.read(in, 1))[0]);
        producer.get();
    }

    @Test
    void theThreadsPauseHookRunsBeforeItParksAndOnlyThen() throws Exception {
        AtomicInteger pauses = new AtomicInteger();
        Runnable outer = GuestPauses.install(pauses::incrementAndGet);
        try {
            poll.block(ReadySignal.ready());
            assertEquals(0, pauses.get(), "a ready pollable does not pause the guest");
            ReadySignal later = new ReadySignal();
            Thread guest = Thread.currentThread();
            CompletableFuture<Void> other = whenParked(guest, () -> {
                assertTrue(pauses.get() >= 1, "the hook ran before the park");
                later.signal();
            });
            poll.block(later);
            other.get();
        } finally {
            GuestPauses.restore(outer);
        }
        int seen = pauses.get();
        ReadySignal soon = new ReadySignal();
        CompletableFuture.runAsync(soon::signal, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        poll.block(soon);
        assertEquals(seen, pauses.get(), "the hook is gone once restored");
    }

    @Test
    void aDurationPollableFires() {
        Store store = WasiTesting.store();
        long start = System.nanoTime();
        Pollable timer = clock.subscribeDuration(store, TimeUnit.MILLISECONDS.toNanos(50));
        assertFalse(poll.ready(timer));
        assertEquals(List.of(1), poll.poll(List.of(new ReadySignal(), timer)));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(50), "fired after " + elapsed + " ns");
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(5), "fired after " + elapsed + " ns");
        assertTrue(poll.ready(timer));
    }

    @Test
    void theEarliestOfSeveralTimersFiresFirst() {
        Store store = WasiTesting.store();
        Pollable late = clock.subscribeDuration(store, TimeUnit.SECONDS.toNanos(60));
        Pollable early = clock.subscribeInstant(store, clock.now(store) + TimeUnit.MILLISECONDS.toNanos(30));
        assertEquals(List.of(1), poll.poll(List.of(late, early)));
    }

    @Test
    void instantsInThePastAreReady() {
        Store store = WasiTesting.store();
        assertTrue(poll.ready(clock.subscribeInstant(store, 0)));
        assertTrue(poll.ready(clock.subscribeInstant(store, clock.now(store))));
        assertTrue(poll.ready(clock.subscribeDuration(store, 0)));
        poll.block(clock.subscribeDuration(store, 1000));
    }

    @Test
    void unreachableDeadlinesAreNeverReady() {
        Store store = WasiTesting.store();
        Pollable max = clock.subscribeDuration(store, -1L); // u64 max: beyond any clock
        assertFalse(poll.ready(max));
        assertEquals(Long.MAX_VALUE, max.nanosUntilReady());
        Pollable far = clock.subscribeInstant(store, -1L);
        assertFalse(poll.ready(far));
        assertTrue(far.nanosUntilReady() > TimeUnit.DAYS.toNanos(365 * 100));
    }

    @Test
    void timersFollowTheContextClock() {
        AtomicLong now = new AtomicLong(1_000);
        WasiClock fake = new WasiClock() {
            @Override
            public long monotonicNanos() {
                return now.get();
            }

            @Override
            public Instant wallNow() {
                return Instant.EPOCH;
            }
        };
        Store store = WasiTesting.store(WasiContext.builder().clock(fake).build());
        Pollable timer = clock.subscribeDuration(store, 500);
        assertFalse(poll.ready(timer));
        assertEquals(500, timer.nanosUntilReady());
        now.set(1_499);
        assertFalse(poll.ready(timer));
        now.set(1_500);
        assertTrue(poll.ready(timer));
        assertEquals(List.of(0), poll.poll(List.of(timer)));
    }

    @Test
    void interruptingABlockedPollGivesCoreInterruptedPromptly() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread guest = new Thread(() -> {
            try {
                poll.poll(List.of(new ReadySignal(), Pollables.neverReady()));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        guest.start();
        awaitParked(guest);
        long start = System.nanoTime();
        guest.interrupt();
        guest.join(2_000);
        assertFalse(guest.isAlive(), "poll did not unwind");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        assertInstanceOf(CoreInterrupted.class, thrown.get());
    }

    @Test
    void interruptingABlockedReadGivesCoreInterrupted() throws Exception {
        BytePipe pipe = new BytePipe(4);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread guest = new Thread(() -> {
            try {
                new InputStream(pipe.source()).blockingRead(4);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        guest.start();
        awaitParked(guest);
        guest.interrupt();
        guest.join(2_000);
        assertFalse(guest.isAlive());
        assertInstanceOf(CoreInterrupted.class, thrown.get());
    }

    @Test
    void anAlreadyInterruptedThreadDoesNotPark() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(CoreInterrupted.class, () -> poll.block(new ReadySignal()));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void wakersAreRemovedAfterAPoll() throws Exception {
        CountingPollable a = new CountingPollable();
        ReadySignal b = new ReadySignal();
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> other = whenParked(guest, () -> {
            b.signal();
        });
        assertEquals(List.of(1), poll.poll(List.of(a, b)));
        other.get();
        assertEquals(1, a.added.get());
        assertEquals(0, a.live.get(), "every waker added was removed");
    }

    @Test
    void noWakeUpIsLostUnderRacingProducers() throws Exception {
        // A ping-pong of many rounds: each round the guest blocks on one pipe while another thread
        // writes to it; a lost wake-up would hang the test.
        BytePipe toGuest = new BytePipe(1);
        BytePipe fromGuest = new BytePipe(1);
        int rounds = 5_000;
        CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
            InputStream in = new InputStream(fromGuest.source());
            OutputStream out = new OutputStream(toGuest.sink());
            for (int i = 0; i < rounds; i++) {
                assertTrue(out.blockingWriteAndFlush(new byte[] {(byte) i}).isOk());
                byte[] echo = okBytes(in.blockingRead(1));
                assertEquals((byte) i, echo[0]);
            }
        });
        InputStream in = new InputStream(toGuest.source());
        OutputStream out = new OutputStream(fromGuest.sink());
        IoStreamsHost streams = new IoStreamsHost();
        List<Pollable> readable = List.of(streams.subscribe(in));
        for (int i = 0; i < rounds; i++) {
            assertEquals(List.of(0), poll.poll(readable));
            byte[] b = okBytes(streams.read(in, 1));
            assertEquals(1, b.length);
            assertTrue(streams.blockingWriteAndFlush(out, b).isOk());
        }
        peer.get(20, TimeUnit.SECONDS);
    }

    @Test
    void manyPollablesOnlyTheSignalledOnesAreReported() throws Exception {
        List<Pollable> signals = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            signals.add(new ReadySignal());
        }
        Thread guest = Thread.currentThread();
        CompletableFuture<Void> other = whenParked(guest, () -> {
            ((ReadySignal) signals.get(17)).signal();
        });
        assertEquals(List.of(17), poll.poll(signals));
        other.get();
    }

    private static final class CountingPollable implements Pollable {
        final AtomicInteger added = new AtomicInteger();
        final AtomicInteger live = new AtomicInteger();

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public void addWaker(Runnable waker) {
            added.incrementAndGet();
            live.incrementAndGet();
        }

        @Override
        public void removeWaker(Runnable waker) {
            live.decrementAndGet();
        }
    }
}
