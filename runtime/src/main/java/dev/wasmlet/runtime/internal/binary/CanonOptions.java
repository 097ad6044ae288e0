package dev.wasmlet.runtime.internal.binary;

import java.util.OptionalInt;

/**
 * The options of a canonical definition ({@code opts}: a {@code vec(canonopt)}), gathered into
 * one value. The parser rejects a repeated or conflicting option (two string encodings, two
 * memories) as invalid; whether an option is required or allowed for a given definition (e.g.
 * {@code post-return} only on lift) is left to the linker.
 *
 * @param stringEncoding the string encoding; {@link StringEncoding#UTF8} when none was given
 * @param stringEncodingGiven whether a string-encoding option was present
 * @param memory {@code (memory m)}, 0x03: a core memory index
 * @param realloc {@code (realloc f)}, 0x04: a core function index
 * @param postReturn {@code (post-return f)}, 0x05: a core function index
 * @param async {@code async}, 0x06 (🔀)
 * @param callback {@code (callback f)}, 0x07 (🔀): a core function index
 */
public record CanonOptions(StringEncoding stringEncoding, boolean stringEncodingGiven, OptionalInt memory,
        OptionalInt realloc, OptionalInt postReturn, boolean async, OptionalInt callback) {

    /** No option at all. */
    public static final CanonOptions NONE = new CanonOptions(StringEncoding.UTF8, false, OptionalInt.empty(),
            OptionalInt.empty(), OptionalInt.empty(), false, OptionalInt.empty());

    /** The {@code string-encoding} canonical option. */
    public enum StringEncoding {
        /** {@code string-encoding=utf8}, 0x00 (the default). */
        UTF8("utf8"),
        /** {@code string-encoding=utf16}, 0x01. */
        UTF16("utf16"),
        /** {@code string-encoding=latin1+utf16}, 0x02. */
        LATIN1_UTF16("latin1+utf16");

        private final String specName;

        StringEncoding(String specName) {
            this.specName = specName;
        }

        /** The spelling in the text format, e.g. {@code latin1+utf16}. */
        public String specName() {
            return specName;
        }
    }
}
