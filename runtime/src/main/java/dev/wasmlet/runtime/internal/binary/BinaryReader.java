package dev.wasmlet.runtime.internal.binary;

import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.MalformedComponentException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the outermost binary with an end ({@link #limit}) that the parser moves to the
 * end of the current section, so that no read crosses into the next one. Offsets are absolute.
 * Every failure becomes an exception whose message names the current context (a section kind),
 * the offset and what was expected; nothing here throws anything else, and nothing allocates
 * from a claimed length before checking it against the bytes left.
 */
final class BinaryReader {
    private final byte[] bytes;
    /** The next byte to read. */
    int pos;
    /** One past the last byte that may be read. */
    int limit;
    /** What is being read, for messages: a section kind such as {@code type section}. */
    String context = "preamble";
    /** What {@link #limit} is the end of, for messages: {@code section} or {@code component}. */
    String limitName = "component";
    /** The offset of the nested component being read, or -1 in the outermost one. */
    int nestedAt = -1;

    BinaryReader(byte[] bytes) {
        this.bytes = bytes;
        this.limit = bytes.length;
    }

    byte[] bytes() {
        return bytes;
    }

    int remaining() {
        return limit - pos;
    }

    boolean atLimit() {
        return pos >= limit;
    }

    MalformedComponentException malformed(int at, String format, Object... args) {
        return new MalformedComponentException("malformed component: " + where(at) + String.format(format, args)
                + nesting());
    }

    InvalidComponentException invalid(int at, String format, Object... args) {
        return new InvalidComponentException("invalid component: " + where(at) + String.format(format, args)
                + nesting());
    }

    private String where(int at) {
        return context + " at offset 0x" + Integer.toHexString(at) + ": ";
    }

    private String nesting() {
        return nestedAt < 0 ? "" : " (in the nested component at offset 0x" + Integer.toHexString(nestedAt) + ")";
    }

    private MalformedComponentException endOf(String what) {
        return malformed(pos, "expected %s but the %s ends here", what, limitName);
    }

    /** One byte. */
    int u8(String what) {
        if (pos >= limit) {
            throw endOf(what);
        }
        return bytes[pos++] & 0xff;
    }

    /** The next byte, without consuming it. */
    int peek(String what) {
        if (pos >= limit) {
            throw endOf(what);
        }
        return bytes[pos] & 0xff;
    }

    /**
     * An unsigned LEB128 of at most 32 bits. As in core WebAssembly, padding within five bytes is
     * allowed; a sixth byte ("integer representation too long") or bits beyond the 32nd in the
     * fifth ("integer too large") are malformed.
     */
    long u32(String what) {
        int start = pos;
        long result = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8(what);
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 4 && (b & 0x70) != 0) {
                    throw malformed(start, "%s: integer too large (LEB128 u32 with bits beyond the 32nd)", what);
                }
                return result;
            }
        }
        throw malformed(start, "%s: integer representation too long (LEB128 u32 of more than 5 bytes)", what);
    }

    /** An unsigned LEB128 of at most 64 bits (ten bytes). */
    long u64(String what) {
        int start = pos;
        long result = 0;
        for (int i = 0; i < 10; i++) {
            int b = u8(what);
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 9 && (b & 0x7e) != 0) {
                    throw malformed(start, "%s: integer too large (LEB128 u64 with bits beyond the 64th)", what);
                }
                return result;
            }
        }
        throw malformed(start, "%s: integer representation too long (LEB128 u64 of more than 10 bytes)", what);
    }

    /** A signed LEB128 of at most 33 bits (five bytes), as used for type indices in value types. */
    long s33(String what) {
        int start = pos;
        long result = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8(what);
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if (i == 4 && (b & 0x70) != 0 && (b & 0x70) != 0x70) {
                    throw malformed(start, "%s: integer too large (LEB128 s33 out of range)", what);
                }
                if ((b & 0x40) != 0) {
                    result |= -1L << shift;
                }
                return result;
            }
        }
        throw malformed(start, "%s: integer representation too long (LEB128 s33 of more than 5 bytes)", what);
    }

    /**
     * The count of a {@code vec}, checked against the bytes left: every element of every vector
     * in the format takes at least one byte, so a larger count cannot be true.
     */
    int vecCount(String what) {
        int start = pos;
        long n = u32("number of " + what);
        if (n > remaining()) {
            throw malformed(start, "%d %s claimed but only %d bytes are left in the %s", n, what, remaining(),
                    limitName);
        }
        return (int) n;
    }

    /** A length-prefixed byte string, checked against the bytes left; returns its start offset. */
    int byteString(String what) {
        int start = pos;
        long len = u32("length of " + what);
        if (len > remaining()) {
            throw malformed(start, "%s of %d bytes claimed but only %d bytes are left in the %s", what, len,
                    remaining(), limitName);
        }
        int at = pos;
        pos += (int) len;
        return at;
    }

    /** A {@code core:name}: a length-prefixed string of valid UTF-8. */
    String name(String what) {
        int start = pos;
        int at = byteString(what);
        int len = pos - at;
        boolean ascii = true;
        for (int i = at; i < pos; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, at, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, at, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(start, "%s is not valid UTF-8", what);
        }
    }

    /** A {@code 0x00}/{@code 0x01} flag byte. */
    boolean flag(String what) {
        int at = pos;
        int b = u8(what);
        if (b > 1) {
            throw malformed(at, "%s: expected 0x00 or 0x01, found 0x%02x", what, b);
        }
        return b == 1;
    }

    /** Consumes {@code expected} or fails naming it. */
    void expect(int expected, String what) {
        int at = pos;
        int b = u8(what);
        if (b != expected) {
            throw malformed(at, "expected 0x%02x (%s), found 0x%02x", expected, what, b);
        }
    }

    ByteSlice slice(int offset, int length) {
        return new ByteSlice(bytes, offset, length);
    }
}
