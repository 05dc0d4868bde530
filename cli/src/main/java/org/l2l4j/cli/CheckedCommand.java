package org.l2l4j.cli;

import java.util.concurrent.Callable;

/**
 * A command in two stages: {@link #prepare} checks every flag, file and size the user gave and claims what
 * the run needs (a lock), so every usage error (exit 2) comes before any long work; the {@link Run} it
 * returns does the work. {@code Main.check} runs the first stage alone, which lets tests try thousands
 * of command lines without training anything.
 */
interface CheckedCommand extends Callable<Integer> {

    /** Checks everything and returns the run, not started. */
    Run prepare() throws Exception;

    @Override
    default Integer call() throws Exception {
        try (Run run = prepareOrUndo()) {
            return run.call();
        }
    }

    /** {@link #prepare}, removing the output directories it made if it refuses the command line. */
    default Run prepareOrUndo() throws Exception {
        try (OutputDirectory.Created created = OutputDirectory.recordCreated()) {
            Run run = prepare();
            created.keep();
            return run;
        }
    }

    /** The work of a prepared command; closing it releases what {@link #prepare} claimed. */
    interface Run extends Callable<Integer>, AutoCloseable {

        @Override
        default void close() throws Exception {
        }
    }
}
