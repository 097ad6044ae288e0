package dev.wasmlet.runtime.internal.canon;

/** The {@code string-encoding} canon option. */
public enum StringEncoding {
    /** {@code string-encoding=utf8}, the default. */
    UTF8,
    /** {@code string-encoding=utf16}: little-endian code units, 2-aligned. */
    UTF16,
    /**
     * {@code string-encoding=latin1+utf16}: Latin-1 bytes, or UTF-16 code units when the high bit
     * ({@code UTF16_TAG}) of the length is set; 2-aligned either way.
     */
    LATIN1_UTF16
}
