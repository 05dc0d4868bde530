package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputPathsTest {

    @Test
    void aRegularFileIsReadableAsFileOrData(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), "1,0\n");
        assertDoesNotThrow(() -> InputPaths.requireReadable(file, false));
        assertDoesNotThrow(() -> InputPaths.requireReadable(file, true));
    }

    @Test
    void aDirectoryIsReadableOnlyWhereOneIsTaken(@TempDir Path dir) {
        assertDoesNotThrow(() -> InputPaths.requireReadable(dir, true));
        IOException e = assertThrows(IOException.class, () -> InputPaths.requireReadable(dir, false));
        assertEquals(dir + ": is not a file", e.getMessage());
    }

    @Test
    void aMissingPathIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        IOException e = assertThrows(IOException.class, () -> InputPaths.requireReadable(missing, true));
        assertEquals(missing + ": does not exist", e.getMessage());
    }

    /** A reader would block on a FIFO; it is refused before anything opens it. */
    @Test
    void aFifoIsRefused(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
        IOException e = assertThrows(IOException.class, () -> InputPaths.requireReadable(fifo, true));
        assertEquals(fifo + ": is neither a file nor a directory", e.getMessage());
        e = assertThrows(IOException.class, () -> InputPaths.requireReadable(fifo, false));
        assertEquals(fifo + ": is not a file", e.getMessage());
    }
}
