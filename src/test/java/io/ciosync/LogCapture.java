package io.ciosync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** The messages logged under a category (and below it) while open, as they would be printed: what an operator reads. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            threads.add(record instanceof ExtLogRecord ext ? ext.getThreadName() : "");
            if (record instanceof ExtLogRecord ext) {
                records.add(ext);
            }
            lines.add(record.getLevel() + " "
                    + (record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(String category) {
        logger = Logger.getLogger(category);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    public static LogCapture of(String category) {
        return new LogCapture(category);
    }

    /** The lines logged so far, each as "LEVEL message". */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The name of the thread that logged each of {@link #lines}, in the same order. */
    public List<String> threads() {
        return List.copyOf(threads);
    }

    /** The records themselves, to be formatted as a handler would (text or JSON). */
    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
