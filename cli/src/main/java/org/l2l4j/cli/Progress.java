package org.l2l4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of long phases, always on stderr: a live bar when stderr is a terminal, otherwise (CI, a
 * pipe, a log file) a plain line every {@value #PLAIN_INTERVAL_SECONDS} seconds, so logs stay readable
 * and nothing ever reaches stdout.
 */
final class Progress {

    static final int PLAIN_INTERVAL_SECONDS = 10;

    private final PrintWriter err;
    private final PrintStream terminal;
    private final long started = System.nanoTime();

    /**
     * @param err      where plain lines and messages go
     * @param terminal the stderr stream if it is a terminal (bars are drawn on it), else null
     */
    Progress(PrintWriter err, PrintStream terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** One phase of {@code total} units of work, e.g. the 55 training runs of a learning-rate search. */
    interface Phase extends AutoCloseable {

        void update(int done);

        /** {@code done} units of a total that has grown to {@code total}, as a search's grid extends. */
        void update(int done, int total);

        @Override
        void close();
    }

    Phase start(String title, int total) {
        return terminal != null ? new Bar(title, total) : new Lines(title, total);
    }

    /** A message line on stderr, e.g. a tuned learning rate. */
    void message(String format, Object... args) {
        err.println(String.format(Locale.ROOT, format, args));
        err.flush();
    }

    /** Seconds since this progress was created. */
    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private final class Bar implements Phase {

        private final ProgressBar bar;

        Bar(String title, int total) {
            err.flush();
            bar = new ProgressBarBuilder().setTaskName(title).setInitialMax(total).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
        }

        @Override
        public void update(int done) {
            bar.stepTo(done);
        }

        @Override
        public void update(int done, int total) {
            bar.maxHint(total);
            bar.stepTo(done);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private final class Lines implements Phase {

        private final String title;
        private int total;
        private final long phaseStart = System.nanoTime();
        private long lastLine = phaseStart;

        Lines(String title, int total) {
            this.title = title;
            this.total = total;
        }

        @Override
        public void update(int done) {
            long now = System.nanoTime();
            if (done < total && now - lastLine >= PLAIN_INTERVAL_SECONDS * 1_000_000_000L) {
                lastLine = now;
                message("%s: %d/%d runs, %.0f s", title, done, total, (now - phaseStart) / 1e9);
            }
        }

        @Override
        public void update(int done, int total) {
            this.total = total;
            update(done);
        }

        @Override
        public void close() {
        }
    }
}
