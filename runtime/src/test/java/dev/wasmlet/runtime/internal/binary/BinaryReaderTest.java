package dev.wasmlet.runtime.internal.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.MalformedComponentException;
import org.junit.jupiter.api.Test;

/** LEB128 and name decoding: the edges of each encoding, accepted and rejected. */
class BinaryReaderTest {

    private static BinaryReader reader(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        BinaryReader r = new BinaryReader(b);
        r.context = "test section";
        return r;
    }

    private static String fails(Runnable read) {
        return assertThrows(MalformedComponentException.class, read::run).getMessage();
    }

    @Test
    void u32() {
        assertEquals(0, reader(0x00).u32("x"));
        assertEquals(624485, reader(0xe5, 0x8e, 0x26).u32("x"));
        assertEquals(0xffff_ffffL, reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32("x"));
        assertEquals(0, reader(0x80, 0x80, 0x80, 0x80, 0x00).u32("x"), "padding within 5 bytes is allowed");
        BinaryReader r = reader(0x80, 0x00, 0x05);
        assertEquals(0, r.u32("x"));
        assertEquals(2, r.pos, "a padded encoding consumes its bytes");
        assertTrue(fails(() -> reader(0xff, 0xff, 0xff, 0xff, 0x1f).u32("x")).contains("integer too large"));
        assertTrue(fails(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32("x"))
                .contains("integer representation too long"));
        assertTrue(fails(() -> reader(0x80, 0x80).u32("the count"))
                .contains("test section at offset 0x2: expected the count but the component ends here"));
    }

    @Test
    void s33() {
        assertEquals(0, reader(0x00).s33("x"));
        assertEquals(63, reader(0x3f).s33("x"));
        assertEquals(-1, reader(0x7f).s33("x"));
        assertEquals(64, reader(0xc0, 0x00).s33("x"), "64 needs two bytes as a signed LEB");
        assertEquals(0xffff_ffffL, reader(0xff, 0xff, 0xff, 0xff, 0x0f).s33("x"));
        assertEquals(-(1L << 32), reader(0x80, 0x80, 0x80, 0x80, 0x70).s33("x"));
        assertTrue(fails(() -> reader(0xff, 0xff, 0xff, 0xff, 0x1f).s33("x")).contains("integer too large"));
        assertTrue(fails(() -> reader(0x80, 0x80, 0x80, 0x80, 0x40).s33("x")).contains("integer too large"));
        assertTrue(fails(() -> reader(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s33("x"))
                .contains("integer representation too long"));
    }

    @Test
    void u64() {
        assertEquals(-1L, reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).u64("x"));
        assertEquals(1L << 35, reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x01).u64("x"));
        assertTrue(fails(() -> reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03).u64("x"))
                .contains("integer too large"));
        assertTrue(fails(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u64("x"))
                .contains("integer representation too long"));
    }

    @Test
    void names() {
        assertEquals("héllo", reader(6, 'h', 0xc3, 0xa9, 'l', 'l', 'o').name("n"));
        assertEquals("", reader(0).name("n"));
        // overlong encoding of '/', a lone surrogate, and a truncated sequence
        assertTrue(fails(() -> reader(2, 0xc0, 0xaf).name("n")).contains("n is not valid UTF-8"));
        assertTrue(fails(() -> reader(3, 0xed, 0xa0, 0x80).name("n")).contains("not valid UTF-8"));
        assertTrue(fails(() -> reader(1, 0xe2).name("n")).contains("not valid UTF-8"));
        assertTrue(fails(() -> reader(5, 'a').name("n")).contains("n of 5 bytes claimed but only 1 bytes are left"));
    }

    @Test
    void limitStopsReadsAtTheEndOfTheSection() {
        BinaryReader r = reader(1, 2, 3);
        r.limit = 1;
        r.limitName = "section";
        assertEquals(1, r.u8("a"));
        assertTrue(fails(() -> r.u8("b")).contains("expected b but the section ends here"));
        assertTrue(fails(() -> reader(0x85, 0x01).vecCount("things"))
                .contains("133 things claimed but only 0 bytes are left"));
    }
}
