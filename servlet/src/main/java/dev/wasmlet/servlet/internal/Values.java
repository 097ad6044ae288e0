package dev.wasmlet.servlet.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The written forms of setting values: durations ({@code 1s}, {@code 250ms}, {@code 2m}) and
 * sizes ({@code 64MiB}, {@code 512KiB}), parsed and formatted the same way everywhere (web.xml,
 * JSON, JMX, the command line). A parse failure returns null; the caller names the key.
 */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})(B|KiB|MiB|GiB|TiB)?");

    private Values() {
    }

    /** A duration such as {@code 1s}, {@code 250ms}, {@code 2m}, {@code 1h} or {@code 0}; null if malformed. */
    public static Duration parseDuration(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        try {
            return switch (m.group(2)) {
                case "ns" -> Duration.ofNanos(n);
                case "us", "µs" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The shortest exact written form of {@code d}: {@code 0}, {@code 2m}, {@code 1s}, {@code 250ms}, ... */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            return d.toSeconds() + "s";
        }
        long[] factors = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] units = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < factors.length; i++) {
            if (nanos % factors[i] == 0) {
                return nanos / factors[i] + units[i];
            }
        }
        throw new AssertionError();
    }

    /** A size in bytes such as {@code 64MiB}, {@code 512KiB}, {@code 100B} or {@code 1024}; -1 if malformed. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return -1;
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2);
            return switch (unit) {
                case "B" -> n;
                case "KiB" -> Math.multiplyExact(n, 1L << 10);
                case "MiB" -> Math.multiplyExact(n, 1L << 20);
                case "GiB" -> Math.multiplyExact(n, 1L << 30);
                default -> Math.multiplyExact(n, 1L << 40);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    /** The shortest exact written form of a size: {@code 0}, {@code 64MiB}, {@code 1000}. */
    public static String formatSize(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** {@code max-instances} → {@code maxInstances}; other text is returned unchanged. */
    public static String camelCase(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    /** {@code maxInstances} → {@code max-instances}. */
    public static String kebabCase(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The known name closest to {@code name}, for a "did you mean" hint: same letters in another
     * case or spelling (kebab-case), or a few typing mistakes away; null when none is close.
     */
    public static String closest(String name, Collection<String> known) {
        String camel = camelCase(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (k.equalsIgnoreCase(name) || k.equalsIgnoreCase(camel)) {
                return k;
            }
            int d = distance(camel.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(1, Math.min(3, best == null ? 0 : best.length() / 4));
        return bestDistance <= allowed ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
