package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static final List<String> SET = List.of("summary.json", "curves.csv", "loss.png", "loss.svg");

    private static Map<Path, byte[]> set(Path dir, String content) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (String name : SET) {
            files.put(dir.resolve(name), (content + " " + name).getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static void assertSet(Path dir, String content) throws IOException {
        for (String name : SET) {
            assertEquals(content + " " + name, Files.readString(dir.resolve(name)), name);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(SET.size(), files.count(), "no temporary or backup file is left");
        }
    }

    /** Fails the {@code failing}-th write or rename (0-based); the others go to the disk. */
    private static AtomicFiles.Steps failing(int failingWrite, int failingRename) {
        int[] calls = {0, 0};
        return new AtomicFiles.Steps() {
            @Override
            public void write(Path file, byte[] content) throws IOException {
                if (calls[0]++ == failingWrite) {
                    throw new IOException("No space left on device (injected)");
                }
                AtomicFiles.DISK.write(file, content);
            }

            @Override
            public void rename(Path from, Path to) throws IOException {
                if (calls[1]++ == failingRename) {
                    throw new IOException("rename failed (injected)");
                }
                AtomicFiles.DISK.rename(from, to);
            }
        };
    }

    @Test
    void aSetIsReplacedWhole(@TempDir Path dir) throws IOException {
        AtomicFiles.writeAll(set(dir, "old"));
        AtomicFiles.writeAll(set(dir, "new"));
        assertSet(dir, "new");
    }

    /** A full disk while writing any file of the set: every earlier file stays as it was. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aFailedWriteLeavesTheWholeEarlierSet(int failing, @TempDir Path dir) throws IOException {
        AtomicFiles.writeAll(set(dir, "old"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeAll(set(dir, "new"), Set.of(), failing(failing, -1)));
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertSet(dir, "old");
    }

    /** A rename that fails after others succeeded: those are undone. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aFailedRenameRestoresTheRenamedFiles(int failing, @TempDir Path dir) throws IOException {
        AtomicFiles.writeAll(set(dir, "old"));
        assertThrows(IOException.class, () -> AtomicFiles.writeAll(set(dir, "new"), Set.of(), failing(-1, failing)));
        assertSet(dir, "old");
    }

    @Test
    void aFailedRenameOfAFirstSetLeavesNoFiles(@TempDir Path dir) throws IOException {
        assertThrows(IOException.class, () -> AtomicFiles.writeAll(set(dir, "new"), Set.of(), failing(-1, 2)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aRemovalGoesWithTheSet(@TempDir Path dir) throws IOException {
        AtomicFiles.writeAll(set(dir, "old"));
        Path extra = Files.writeString(dir.resolve("test.png"), "old test.png");
        AtomicFiles.writeAll(set(dir, "new"), Set.of(extra, dir.resolve("never-written.svg")));
        assertSet(dir, "new");
        assertFalse(Files.exists(extra));
    }

    /** A rename that fails after the removal: the removed file is back with its content. */
    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void aFailedRenameRestoresARemovedFile(int failing, @TempDir Path dir) throws IOException {
        AtomicFiles.writeAll(set(dir, "old"));
        Path extra = Files.writeString(dir.resolve("test.png"), "old test.png");
        assertThrows(IOException.class, () -> AtomicFiles.writeAll(set(dir, "new"), Set.of(extra), failing(-1, failing)));
        assertEquals("old test.png", Files.readString(extra));
        Files.delete(extra);
        assertSet(dir, "old");
    }

    @Test
    void aTargetThatIsNotARegularFileIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        AtomicFiles.writeAll(set(dir, "old"));
        Path real = Files.writeString(dir.resolve("real"), "target");
        Files.delete(dir.resolve("loss.png"));
        Files.createSymbolicLink(dir.resolve("loss.png"), real);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeAll(set(dir, "new")));
        assertTrue(e.getMessage().contains("loss.png is a symbolic link"), e.getMessage());
        assertEquals("old summary.json", Files.readString(dir.resolve("summary.json")));
        assertEquals("target", Files.readString(real));
        assertTrue(Files.isSymbolicLink(dir.resolve("loss.png")));

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertThrows(IOException.class, () -> AtomicFiles.writeString(dangling, "x"));
        assertTrue(Files.isSymbolicLink(dangling));
        Files.createDirectory(dir.resolve("sub"));
        assertThrows(IOException.class, () -> AtomicFiles.writeString(dir.resolve("sub"), "x"));
    }

    @Test
    void aFifoIsRefusedNotReplaced(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(fifo, "x"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo));
    }
}
