package dev.wasmlet.runtime.internal.canon;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Loading and storing strings, with the canonical ABI's transcoding algorithms.
 *
 * <p>A Java {@link String} handed to {@link #store} is treated as a UTF-16 source of
 * {@code length()} code units (what a Java string is), which selects, per destination encoding:
 * UTF-8: {@code store_utf16_to_utf8} (optimistic {@code length()} bytes, growing to the worst
 * case {@code 3 * length()} and shrinking to fit when a non-ASCII char shows up); UTF-16:
 * {@code store_string_copy}; latin1+utf16: {@code store_string_to_latin1_or_utf16} (optimistic
 * Latin-1, inflating to UTF-16 with {@code UTF16_TAG} at the first char above U+00FF).
 */
final class Strings {
    static final int UTF16_TAG = 1 << 31;
    static final long MAX_STRING_BYTE_LENGTH = (1L << 31) - 1;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Strings() {
    }

    // ---------------------------------------------------------------- load

    /** {@code load_string_from_range}. */
    static String load(CallContext cx, int ptr, int taggedCodeUnits) {
        switch (cx.encoding) {
            case UTF8: {
                long len = Integer.toUnsignedLong(taggedCodeUnits);
                cx.checkRange(ptr, 1, len, "string");
                return decodeUtf8(cx, ptr, read(cx, ptr, len));
            }
            case UTF16: {
                long len = 2 * Integer.toUnsignedLong(taggedCodeUnits);
                cx.checkRange(ptr, 2, len, "string");
                return decodeUtf16(cx, ptr, read(cx, ptr, len));
            }
            default: {
                if ((taggedCodeUnits & UTF16_TAG) != 0) {
                    long len = 2L * (taggedCodeUnits & ~UTF16_TAG);
                    cx.checkRange(ptr, 2, len, "string");
                    return decodeUtf16(cx, ptr, read(cx, ptr, len));
                }
                cx.checkRange(ptr, 2, taggedCodeUnits, "string");
                return new String(read(cx, ptr, taggedCodeUnits), StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static byte[] read(CallContext cx, int ptr, long len) {
        if (len > MAX_ARRAY) {
            throw cx.trap("string of " + len + " bytes at " + CallContext.hex(ptr) + " is too long for the host");
        }
        return len == 0 ? EMPTY : cx.memory.read(ptr, (int) len);
    }

    private static final byte[] EMPTY = new byte[0];

    private static String decodeUtf8(CallContext cx, int ptr, byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        // The fast decoder replaces malformed input with U+FFFD; only then is a strict pass needed.
        if (s.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b));
            } catch (CharacterCodingException e) {
                throw cx.trap("string at " + CallContext.hex(ptr) + " (" + b.length + " bytes) is not valid UTF-8");
            }
        }
        return s;
    }

    private static String decodeUtf16(CallContext cx, int ptr, byte[] b) {
        int n = b.length >>> 1;
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
        }
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
                    i++;
                } else {
                    throw cx.trap("string at " + CallContext.hex(ptr) + " is not valid UTF-16: unpaired surrogate "
                            + CallContext.hex(ch) + " at code unit " + i);
                }
            }
        }
        return new String(c);
    }

    // ---------------------------------------------------------------- store

    /**
     * {@code store_string_into_range}: allocates with realloc and copies {@code s} in the
     * destination encoding. Returns the pointer in the low and the (tagged) code units in the high
     * 32 bits.
     */
    static long store(CallContext cx, String s) {
        return switch (cx.encoding) {
            case UTF8 -> storeUtf16ToUtf8(cx, s);
            case UTF16 -> storeUtf16Copy(cx, s);
            case LATIN1_UTF16 -> storeToLatin1OrUtf16(cx, s);
        };
    }

    private static long pack(int ptr, int units) {
        return (ptr & 0xFFFFFFFFL) | ((long) units << 32);
    }

    /** {@code store_utf16_to_utf8} / {@code store_string_to_utf8}. */
    private static long storeUtf16ToUtf8(CallContext cx, String s) {
        int n = s.length();
        int firstNonAscii = firstAtLeast(s, 0x80);
        byte[] encoded;
        if (firstNonAscii < 0) {
            encoded = s.getBytes(StandardCharsets.ISO_8859_1);
        } else {
            checkScalarValues(s, firstNonAscii);
            encoded = s.getBytes(StandardCharsets.UTF_8);
        }
        int ptr = cx.alloc(1, n, "string");
        cx.memory.write(ptr, encoded, 0, n);
        if (encoded.length > n) {
            long worst = 3L * n;
            if (worst > MAX_STRING_BYTE_LENGTH) {
                throw cx.trap("string of " + n + " code units is too long to transcode to UTF-8");
            }
            ptr = cx.realloc(ptr, n, 1, worst, "string");
            cx.memory.write(ptr + n, encoded, n, encoded.length - n);
            if (worst > encoded.length) {
                ptr = cx.realloc(ptr, (int) worst, 1, encoded.length, "string");
            }
        }
        return pack(ptr, encoded.length);
    }

    /** {@code store_string_copy} from UTF-16 to UTF-16. */
    private static long storeUtf16Copy(CallContext cx, String s) {
        int n = s.length();
        checkScalarValues(s, 0);
        long byteLength = 2L * n;
        if (byteLength > MAX_STRING_BYTE_LENGTH) {
            throw cx.trap("string of " + n + " code units is too long for UTF-16");
        }
        int ptr = cx.alloc(2, byteLength, "string");
        byte[] encoded = utf16le(s, 0, n);
        cx.memory.write(ptr, encoded, 0, encoded.length);
        return pack(ptr, n);
    }

    /** {@code store_string_to_latin1_or_utf16}. */
    private static long storeToLatin1OrUtf16(CallContext cx, String s) {
        int n = s.length();
        int ptr = cx.alloc(2, n, "string");
        int k = firstAtLeast(s, 0x100);
        if (k < 0) {
            cx.memory.write(ptr, s.getBytes(StandardCharsets.ISO_8859_1), 0, n);
            return pack(ptr, n);
        }
        checkScalarValues(s, k);
        if (k > 0) {
            byte[] prefix = new byte[k];
            for (int i = 0; i < k; i++) {
                prefix[i] = (byte) s.charAt(i);
            }
            cx.memory.write(ptr, prefix, 0, k);
        }
        long worst = 2L * n;
        if (worst > MAX_STRING_BYTE_LENGTH) {
            throw cx.trap("string of " + n + " code units is too long for UTF-16");
        }
        ptr = cx.realloc(ptr, n, 2, worst, "string");
        // The Latin-1 prefix is inflated in place, then the rest is copied: together the UTF-16
        // encoding of the whole string, which fills the worst-case block exactly (no shrink).
        byte[] encoded = utf16le(s, 0, n);
        cx.memory.write(ptr, encoded, 0, encoded.length);
        return pack(ptr, n | UTF16_TAG);
    }

    private static int firstAtLeast(String s, int limit) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= limit) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] utf16le(String s, int from, int to) {
        byte[] b = new byte[2 * (to - from)];
        for (int i = from, j = 0; i < to; i++, j += 2) {
            char c = s.charAt(i);
            b[j] = (byte) c;
            b[j + 1] = (byte) (c >>> 8);
        }
        return b;
    }

    /** Component strings hold Unicode scalar values only: a host string must not hold lone surrogates. */
    static void checkScalarValues(String s, int from) {
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("string holds an unpaired surrogate "
                            + CallContext.hex(c) + " at index " + i);
                }
            }
        }
    }
}
