package dev.wasmlet.handler.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts a guest may send requests to through {@code wasi:http/outgoing-handler}: an
 * allow-list of {@code host[:port]} patterns that denies everything else, and everything by
 * default. A denied request fails with {@code HTTP-request-denied} before any connection is made.
 *
 * <p>Patterns: {@code example.com} (that host, any port), {@code example.com:8080} (that port
 * only), {@code *.example.com} (any subdomain, not {@code example.com} itself), {@code
 * 127.0.0.1:*}, {@code [::1]:443}, and {@code *} (any host: use with care). Host names compare
 * case-insensitively; no name is resolved, so a pattern matches what the guest wrote. Immutable.
 */
public final class OutboundPolicy {
    private static final OutboundPolicy DENY_ALL = new OutboundPolicy(List.of());

    private final List<Rule> rules;
    private final List<String> patterns;

    private record Rule(String host, boolean wildcardHost, String suffix, int port) {
        boolean matches(String h, int p) {
            if (port >= 0 && port != p) {
                return false;
            }
            if (wildcardHost) {
                return true;
            }
            if (suffix != null) {
                return h.endsWith(suffix) && h.length() > suffix.length();
            }
            return h.equals(host);
        }
    }

    private OutboundPolicy(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        List<Rule> parsed = new ArrayList<>();
        for (String p : patterns) {
            parsed.add(parse(p));
        }
        this.rules = List.copyOf(parsed);
    }

    /** The default: no outbound request is allowed. */
    public static OutboundPolicy denyAll() {
        return DENY_ALL;
    }

    /**
     * Allows the hosts matching any of {@code patterns}.
     *
     * @throws IllegalArgumentException naming a pattern that is not of the documented forms
     */
    public static OutboundPolicy allow(String... patterns) {
        return allow(List.of(patterns));
    }

    /** As {@link #allow(String...)}. */
    public static OutboundPolicy allow(List<String> patterns) {
        return patterns.isEmpty() ? DENY_ALL : new OutboundPolicy(patterns);
    }

    /** The patterns, as given. */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * Whether a request to {@code host} (a name, an IPv4 address or a bracketed IPv6 one) on
     * {@code port} is allowed.
     */
    public boolean allows(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        for (Rule r : rules) {
            if (r.matches(h, port)) {
                return true;
            }
        }
        return false;
    }

    private static Rule parse(String pattern) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        String host = p;
        int port = -1;
        int colon = p.lastIndexOf(':');
        int bracket = p.lastIndexOf(']');
        if (colon > bracket) {
            host = p.substring(0, colon);
            String portText = p.substring(colon + 1);
            if (!portText.equals("*")) {
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    port = -2;
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("outbound allow-list pattern '" + pattern
                            + "' has an invalid port; expected host, host:port, host:*, *.domain or *");
                }
            }
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@") || host.indexOf('*', 1) >= 0
                || host.startsWith("*") && !host.equals("*") && !host.startsWith("*.")) {
            throw new IllegalArgumentException("outbound allow-list pattern '" + pattern
                    + "' is not of the form host, host:port, host:*, *.domain or *");
        }
        if (host.equals("*")) {
            return new Rule(null, true, null, port);
        }
        if (host.startsWith("*.")) {
            return new Rule(null, false, host.substring(1), port);
        }
        return new Rule(host, false, null, port);
    }

    @Override
    public String toString() {
        return rules.isEmpty() ? "OutboundPolicy[deny all]" : "OutboundPolicy" + patterns;
    }
}
