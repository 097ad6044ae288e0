package dev.wasmlet.servlet.internal;

import dev.wasmlet.servlet.ComponentProxyHandlerFactory;
import jakarta.servlet.ServletContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where a web application's Wasmlet log lines go. Normally through SLF4J. But a WAR to which the
 * container gives no SLF4J provider gets SLF4J's NOP fallback, which drops every line, guest
 * output and the causes of 5xx answers included; then guest output and Wasmlet's WARN and ERROR
 * lines go to {@link ServletContext#log} (the container's own log) instead, each line naming its
 * source, since the MDC is NOP too. The choice is made once per context, and a line in the
 * context's log says so.
 */
public final class ServletLogs {
    private static final String ATTRIBUTE = "dev.wasmlet.logs";

    /** The context to log to; null when SLF4J has a provider. */
    private final ServletContext context;

    private ServletLogs(ServletContext context) {
        this.context = context;
    }

    /** The choice for {@code ctx}, made on the first call for it. */
    public static ServletLogs of(ServletContext ctx) {
        synchronized (ServletLogs.class) {
            if (ctx.getAttribute(ATTRIBUTE) instanceof ServletLogs known) {
                return known;
            }
            boolean nop = LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
            ServletLogs logs = new ServletLogs(nop ? ctx : null);
            ctx.setAttribute(ATTRIBUTE, logs);
            if (logs.context != null) {
                ctx.log("Wasmlet: SLF4J has no provider in this web application (it falls back to NOP), so guest"
                        + " output and Wasmlet's warnings and errors go to this log; put an SLF4J provider in"
                        + " WEB-INF/lib or make the container's visible to log them through SLF4J instead");
            }
            return logs;
        }
    }

    /** The SLF4J logger {@code name}, or one that writes its WARN and ERROR lines to the context's log. */
    public Logger logger(String name, String source) {
        return context == null ? LoggerFactory.getLogger(name) : new ContextLogger(context, source, Level.WARN);
    }

    /** The logger of guest output ({@link ComponentProxyHandlerFactory#GUEST_LOG}), or the context's log. */
    public Logger guestLogger(String source) {
        return context == null ? ComponentProxyHandlerFactory.GUEST_LOG
                : new ContextLogger(context, source, Level.INFO);
    }

    /** Writes lines at {@code threshold} and above to a context's log as {@code Wasmlet [source] LEVEL text}. */
    private static final class ContextLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        private final transient ServletContext context;
        private final Level threshold;

        ContextLogger(ServletContext context, String source, Level threshold) {
            this.context = context;
            this.name = source;
            this.threshold = threshold;
        }

        private boolean enabled(Level level) {
            return level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            String line = "Wasmlet [" + name + "] " + level + " " + MessageFormatter.basicArrayFormat(pattern, arguments);
            if (throwable == null) {
                context.log(line);
            } else {
                context.log(line, throwable);
            }
        }
    }
}
