package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.VariantValue;
import java.util.List;
import java.util.Locale;

/** The WIT variants {@code method} and {@code scheme}, to and from their HTTP spelling. */
final class HttpVariants {
    /** The methods with a case of their own, in WIT order; {@code other(string)} follows. */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    static final int METHOD_OTHER = METHODS.size();
    static final int SCHEME_HTTP = 0;
    static final int SCHEME_HTTPS = 1;
    static final int SCHEME_OTHER = 2;

    private HttpVariants() {
    }

    /** The {@code method} value of an HTTP method name (case-sensitive, as HTTP is). */
    static VariantValue method(String name) {
        int i = METHODS.indexOf(name);
        return i >= 0 ? new VariantValue(i, null) : new VariantValue(METHOD_OTHER, name);
    }

    /** The HTTP name of a {@code method} value. */
    static String methodName(VariantValue method) {
        int i = method.caseIndex();
        if (i >= 0 && i < METHODS.size()) {
            return METHODS.get(i);
        }
        return (String) method.payload();
    }

    /** The {@code scheme} value of {@code http}, {@code https} or another scheme. */
    static VariantValue scheme(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("http")) {
            return new VariantValue(SCHEME_HTTP, null);
        }
        if (lower.equals("https")) {
            return new VariantValue(SCHEME_HTTPS, null);
        }
        return new VariantValue(SCHEME_OTHER, name);
    }

    /** The spelling of a {@code scheme} value. */
    static String schemeName(VariantValue scheme) {
        switch (scheme.caseIndex()) {
            case SCHEME_HTTP:
                return "http";
            case SCHEME_HTTPS:
                return "https";
            default:
                return (String) scheme.payload();
        }
    }

    /** Whether {@code s} is an HTTP token (a method name, a field name). */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Whether {@code s} is a URI scheme: a letter, then letters, digits, {@code + - .}. */
    static boolean isScheme(String s) {
        if (s == null || s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAsciiLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is a URI authority: {@code [userinfo@]host[:port]} without characters a URI
     * cannot hold there. Empty is allowed (a request without authority).
     */
    static boolean isAuthority(String s) {
        int colon = -1;
        boolean inBrackets = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "/?#\"<>\\^`{|}".indexOf(c) >= 0) {
                return false;
            }
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            } else if (c == ':' && !inBrackets) {
                colon = i;
            } else if (c == '@') {
                colon = -1;
            }
        }
        if (colon >= 0) {
            String port = s.substring(colon + 1);
            for (int i = 0; i < port.length(); i++) {
                if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                    return false;
                }
            }
            if (port.length() > 5 || !port.isEmpty() && Integer.parseInt(port) > 65535) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is an origin-form path with query ({@code /a/b?c}), an asterisk, or empty:
     * visible ASCII without {@code #}, starting with a slash or a question mark.
     */
    static boolean isPathWithQuery(String s) {
        if (s.isEmpty() || s.equals("*")) {
            return true;
        }
        if (s.charAt(0) != '/' && s.charAt(0) != '?') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
