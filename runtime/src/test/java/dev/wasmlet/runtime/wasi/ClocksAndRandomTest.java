package dev.wasmlet.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.host.Store;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClocksAndRandomTest {
    private final MonotonicClockHost monotonic = new MonotonicClockHost();
    private final WallClockHost wall = new WallClockHost();

    @Test
    void monotonicClockAdvancesAndNeverGoesBack() throws InterruptedException {
        Store store = WasiTesting.store();
        long a = monotonic.now(store);
        Thread.sleep(5);
        long b = monotonic.now(store);
        assertTrue(a >= 0);
        assertTrue(b - a >= 5_000_000L, "advanced " + (b - a) + " ns");
        assertEquals(1, monotonic.resolution(store));
    }

    @Test
    void wallClockIsTheSystemTime() {
        Store store = WasiTesting.store();
        long before = System.currentTimeMillis() / 1000;
        List<Object> now = wall.now(store);
        long after = System.currentTimeMillis() / 1000;
        long seconds = (Long) now.get(0);
        int nanos = (Integer) now.get(1);
        assertTrue(seconds >= before && seconds <= after, seconds + " not in [" + before + ", " + after + "]");
        assertTrue(nanos >= 0 && nanos < 1_000_000_000);
        assertEquals(List.of(0L, 1000), wall.resolution(store));
    }

    @Test
    void aFakeClockIsWhatTheGuestSees() {
        WasiClock fake = new WasiClock() {
            @Override
            public long monotonicNanos() {
                return 42;
            }

            @Override
            public long monotonicResolutionNanos() {
                return 1_000_000;
            }

            @Override
            public Instant wallNow() {
                return Instant.ofEpochSecond(1_700_000_000L, 123);
            }

            @Override
            public long wallResolutionNanos() {
                return 2_500_000_000L;
            }
        };
        Store store = WasiTesting.store(WasiContext.builder().clock(fake).build());
        assertEquals(42, monotonic.now(store));
        assertEquals(1_000_000, monotonic.resolution(store));
        assertEquals(List.of(1_700_000_000L, 123), wall.now(store));
        assertEquals(List.of(2L, 500_000_000), wall.resolution(store));
    }

    @Test
    void wallTimesBeforeTheEpochAreTheEpoch() {
        WasiClock past = new WasiClock() {
            @Override
            public long monotonicNanos() {
                return 0;
            }

            @Override
            public Instant wallNow() {
                return Instant.ofEpochSecond(-10);
            }
        };
        assertEquals(List.of(0L, 0), wall.now(WasiTesting.store(WasiContext.builder().clock(past).build())));
    }

    @Test
    void randomBytesHaveTheLengthAskedFor() {
        Store store = WasiTesting.store();
        RandomHost random = new RandomHost();
        for (int len : new int[] {0, 1, 7, 64, 4096, 100_000}) {
            assertEquals(len, random.getRandomBytes(store, len).length);
        }
        byte[] a = random.getRandomBytes(store, 32);
        byte[] b = random.getRandomBytes(store, 32);
        assertTrue(!java.util.Arrays.equals(a, b), "fresh bytes each call");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(random.getRandomU64(store));
        }
        assertTrue(seen.size() > 1);
        assertThrows(GuestTrapException.class, () -> random.getRandomBytes(store, RandomHost.MAX_BYTES + 1L));
        assertThrows(GuestTrapException.class, () -> random.getRandomBytes(store, -1L));
    }

    @Test
    void randomComesFromTheContext() {
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 7);
            }

            @Override
            public long nextLong() {
                return 99;
            }
        };
        Store store = WasiTesting.store(WasiContext.builder().random(fixed).build());
        RandomHost random = new RandomHost();
        assertEquals(99, random.getRandomU64(store));
        byte[] bytes = random.getRandomBytes(store, 3);
        assertEquals(List.of((byte) 7, (byte) 7, (byte) 7), List.of(bytes[0], bytes[1], bytes[2]));
    }

    @Test
    void insecureRandom() {
        InsecureRandomHost insecure = new InsecureRandomHost();
        for (int len : new int[] {0, 1, 33, 5000}) {
            assertEquals(len, insecure.getInsecureRandomBytes(len).length);
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(insecure.getInsecureRandomU64());
        }
        assertTrue(seen.size() > 1);
        assertThrows(GuestTrapException.class, () -> insecure.getInsecureRandomBytes(-1L));
    }

    @Test
    void insecureSeedIsFixedPerContext() {
        InsecureSeedHost seed = new InsecureSeedHost();
        Store a = WasiTesting.store();
        assertEquals(seed.insecureSeed(a), seed.insecureSeed(a));
        assertEquals(2, seed.insecureSeed(a).size());
        assertNotEquals(seed.insecureSeed(a), seed.insecureSeed(WasiTesting.store()));
        Store fixed = WasiTesting.store(WasiContext.builder().insecureSeed(1, 2).build());
        assertEquals(List.of(1L, 2L), seed.insecureSeed(fixed));
    }
}
