package dev.wasmlet.runtime.internal.canon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.PrimitiveType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class StringsTest {
    static final String TEXT = "héllo wörld 😀 日本";
    private static final Codec STRING = Codec.of(PrimitiveType.STRING);

    private static long[] lower(Guest g, String s) {
        long[] out = new long[2];
        STRING.lowerFlat(g.cx("f"), s, out, 0);
        return out;
    }

    private static Object lift(Guest g, long ptr, long units) {
        return STRING.liftFlat(g.cx("f"), new long[] {ptr, units}, 0);
    }

    /** The realloc calls made after the first {@code skip}, as "old,oldSize,align,newSize". */
    private static List<String> calls(Guest g, int skip) {
        return g.realloc.calls.stream().skip(skip)
                .map(c -> (c[0] == 0 ? "0" : "p") + "," + c[1] + "," + c[2] + "," + c[3])
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void emptyAsciiAndNonAsciiRoundTrip(StringEncoding e) {
        Guest g = new Guest(e);
        for (String s : new String[] {"", "hello", "ÿ", TEXT, "😀", "\u0000\uFFFF\uD7FF\uE000"}) {
            long[] flat = lower(g, s);
            assertEquals(s, lift(g, flat[0], flat[1]), e + ": " + s);
            Codec c = STRING;
            int p = g.alloc(4, 8);
            c.store(g.cx("f"), s, p);
            assertEquals(s, c.load(g.cx("f"), p));
        }
    }

    @Test
    void utf8IsAllocatedExactlyForAscii() {
        Guest g = new Guest(StringEncoding.UTF8);
        long[] flat = lower(g, "hello");
        assertEquals(List.of("0,0,1,5"), calls(g, 0));
        assertEquals(5, flat[1]);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), g.memory.read((int) flat[0], 5));
    }

    @Test
    void utf8GrowsToTheWorstCaseThenShrinks() {
        Guest g = new Guest(StringEncoding.UTF8);
        int n = TEXT.length();
        byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
        long[] flat = lower(g, TEXT);
        assertEquals(List.of("0,0,1," + n, "p," + n + ",1," + 3 * n, "p," + 3 * n + ",1," + utf8.length), calls(g, 0));
        assertEquals(utf8.length, flat[1]);
        assertArrayEquals(utf8, g.memory.read((int) flat[0], utf8.length));
    }

    @Test
    void utf16IsACopyOfTheCodeUnits() {
        Guest g = new Guest(StringEncoding.UTF16);
        long[] flat = lower(g, TEXT);
        assertEquals(List.of("0,0,2," + 2 * TEXT.length()), calls(g, 0));
        assertEquals(TEXT.length(), flat[1]);
        assertEquals(0, flat[0] % 2);
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_16LE), g.memory.read((int) flat[0], 2 * TEXT.length()));
    }

    @Test
    void latin1WhenEveryCharFits() {
        Guest g = new Guest(StringEncoding.LATIN1_UTF16);
        long[] flat = lower(g, "héllo");
        assertEquals(List.of("0,0,2,5"), calls(g, 0));
        assertEquals(5, flat[1], "no UTF16_TAG");
        assertArrayEquals("héllo".getBytes(StandardCharsets.ISO_8859_1), g.memory.read((int) flat[0], 5));
    }

    @Test
    void utf16WithTagFromTheFirstCharBeyondLatin1() {
        Guest g = new Guest(StringEncoding.LATIN1_UTF16);
        int n = TEXT.length();
        long[] flat = lower(g, TEXT);
        assertEquals(List.of("0,0,2," + n, "p," + n + ",2," + 2 * n), calls(g, 0));
        assertEquals(n | 0x80000000L, flat[1] & 0xFFFFFFFFL);
        assertEquals((int) (n | 0x80000000L), flat[1], "sign-extended i32");
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_16LE), g.memory.read((int) flat[0], 2 * n));
    }

    @Test
    void latin1Utf16LoadsBothForms() {
        Guest g = new Guest(StringEncoding.LATIN1_UTF16);
        int p = g.alloc(2, 16);
        g.memory.write(p, new byte[] {'a', (byte) 0xE9}, 0, 2);
        assertEquals("aé", lift(g, p, 2));
        g.memory.write(p, "日本".getBytes(StandardCharsets.UTF_16LE), 0, 4);
        assertEquals("日本", lift(g, p, 2 | 0x80000000L));
    }

    @Test
    void misalignedStringTraps() {
        Guest g = new Guest(StringEncoding.UTF16);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> lift(g, 0x1001, 1));
        assertEquals("f: string pointer 0x1001 not aligned to 2", e.getMessage());
        Guest l = new Guest(StringEncoding.LATIN1_UTF16);
        assertThrows(GuestTrapException.class, () -> lift(l, 0x1001, 1));
    }

    @Test
    void outOfBoundsStringTraps() {
        Guest g = new Guest(StringEncoding.UTF8);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> lift(g, 0xFFF8, 9));
        assertEquals("f: string of 9 bytes at 0xfff8 out of bounds of memory (65536 bytes)", e.getMessage());
        Guest u = new Guest(StringEncoding.UTF16);
        e = assertThrows(GuestTrapException.class, () -> lift(u, 0, 0x80000000L));
        assertEquals("f: string of 4294967296 bytes at 0x0 out of bounds of memory (65536 bytes)", e.getMessage());
    }

    @Test
    void invalidEncodingsTrap() {
        Guest g = new Guest(StringEncoding.UTF8);
        int p = g.alloc(1, 4);
        g.memory.write(p, new byte[] {'a', (byte) 0xC3}, 0, 2);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> lift(g, p, 2));
        assertEquals("f: string at 0x" + Integer.toHexString(p) + " (2 bytes) is not valid UTF-8", e.getMessage());
        g.memory.write(p, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3);
        assertThrows(GuestTrapException.class, () -> lift(g, p, 3), "an encoded surrogate is not UTF-8");
        g.memory.write(p, "\uFFFD".getBytes(StandardCharsets.UTF_8), 0, 3);
        assertEquals("\uFFFD", lift(g, p, 3), "a real U+FFFD is fine");

        Guest u = new Guest(StringEncoding.UTF16);
        int q = u.alloc(2, 4);
        u.memory.write(q, new byte[] {0x00, (byte) 0xD8, 'a', 0}, 0, 4);
        e = assertThrows(GuestTrapException.class, () -> lift(u, q, 2));
        assertEquals("f: string at 0x" + Integer.toHexString(q)
                + " is not valid UTF-16: unpaired surrogate 0xd800 at code unit 0", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void hostStringsWithLoneSurrogatesAreRejected(StringEncoding e) {
        Guest g = new Guest(e);
        assertThrows(IllegalArgumentException.class, () -> lower(g, "ab\uD800"));
        assertThrows(IllegalArgumentException.class, () -> lower(g, "日\uDC00x"));
    }

    @Test
    void misalignedReallocResultTraps() {
        Guest g = new Guest(StringEncoding.UTF16);
        CanonOptions bad = new CanonOptions(g.memory, new BumpAllocator(g.memory, 1025) {
            @Override
            public long[] call(long... args) {
                return new long[] {super.call(args)[0] | 1};
            }
        }, StringEncoding.UTF16, null);
        CallContext cx = new CallContext("f", g.inst, bad);
        GuestTrapException e = assertThrows(GuestTrapException.class,
                () -> STRING.lowerFlat(cx, "ab", new long[2], 0));
        assertEquals(true, e.getMessage().startsWith("f: realloc returned string pointer 0x"), e.getMessage());
        assertEquals(true, e.getMessage().endsWith(" not aligned to 2"), e.getMessage());
    }
}
