package org.l2l4j.core;

import java.io.IOException;
import java.nio.file.Path;

/** Files that are not regular files, for tests of what output paths refuse. */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    /** Makes a FIFO at {@code path} with mkfifo(1); false where there is none (the caller skips its test). */
    public static boolean mkfifo(Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException noMkfifo) {
            return false;
        }
    }
}
