package dev.esfunctions.observability;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Funqy logs every request body it cannot read at ERROR, with a stack trace. That is the caller's mistake, answered
 * with a 400 that says what to fix, not a server error, and log volume costs money: the line is left out, and the
 * error responder logs the reason at DEBUG. Enabled by {@code quarkus.log.console.filter}.
 */
@LoggingFilter(name = "unreadable-bodies")
public final class UnreadableBodies implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(record.getLoggerName() != null && record.getLoggerName().startsWith("io.quarkus.funqy")
                && record.getMessage() != null && record.getMessage().startsWith("Failed to unmarshal input"));
    }
}
