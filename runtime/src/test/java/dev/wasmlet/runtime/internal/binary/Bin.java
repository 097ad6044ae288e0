package dev.wasmlet.runtime.internal.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembly of component binaries for the tests: bytes, LEB128, names, vectors, sections. */
final class Bin {
    static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    static final byte[] CORE_PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private Bin() {
    }

    /** Concatenates byte arrays and ints (each int one byte). */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof Character c) {
                out.write(c);
            } else if (p instanceof String s) {
                out.writeBytes(name(s));
            } else {
                throw new IllegalArgumentException("part " + p);
            }
        }
        return out.toByteArray();
    }

    static byte[] u32(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    /** A length-prefixed UTF-8 name. */
    static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return of(u32(b.length), b);
    }

    /** A vector: count then the elements. */
    static byte[] vec(byte[]... elements) {
        return of(u32(elements.length), of((Object[]) elements));
    }

    static byte[] section(int id, byte[] contents) {
        return of(id, u32(contents.length), contents);
    }

    static byte[] component(byte[]... sections) {
        return of(PREAMBLE, of((Object[]) sections));
    }

    static byte[] emptyCoreModule() {
        return CORE_PREAMBLE.clone();
    }
}
