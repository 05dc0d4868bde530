package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void replacesContentAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.json");
        AtomicFiles.writeString(file, "old");
        AtomicFiles.writeString(file, "new");
        assertEquals("new", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void newFilesAreReadableByOthersAndExistingFilesKeepTheirPermissions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("summary.json");
        AtomicFiles.writeString(file, "{}");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(file, "{\"a\": 1}");
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void failedWriteLeavesEarlierFileIntact(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.json");
        AtomicFiles.writeString(file, "old");
        Path blocked = dir.resolve("sub");
        Files.writeString(blocked, "I am a file, not a directory");
        assertThrows(IOException.class, () -> AtomicFiles.writeString(blocked.resolve("x.json"), "new"));
        assertEquals("old", Files.readString(file));
    }
}
