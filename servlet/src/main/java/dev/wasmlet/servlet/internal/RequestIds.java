package dev.wasmlet.servlet.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Short request ids, unique within a JVM for 2<sup>48</sup> requests: 12 hex digits, a counter
 * from a random start scrambled by an odd multiplier (a bijection modulo 2<sup>48</sup>), so that
 * consecutive ids look different in logs and two JVMs are unlikely to share ids.
 */
public final class RequestIds {
    private static final long MASK = (1L << 48) - 1;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final AtomicLong NEXT = new AtomicLong(new SecureRandom().nextLong());

    private RequestIds() {
    }

    public static String next() {
        long v = (NEXT.getAndIncrement() * MIX) & MASK;
        String hex = Long.toHexString(v);
        return "000000000000".substring(hex.length()) + hex;
    }
}
