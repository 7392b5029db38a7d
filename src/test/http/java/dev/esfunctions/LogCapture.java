package dev.esfunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** What the application logs while it is open, every logger, every thread, with each line's MDC as it was. */
final class LogCapture extends Handler implements AutoCloseable {

    private final List<ExtLogRecord> records = new ArrayList<>();

    private LogCapture() {
    }

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            // The MDC is otherwise read later, from whichever thread asks.
            ext.copyMdc();
            synchronized (records) {
                records.add(ext);
            }
        }
    }

    List<ExtLogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
