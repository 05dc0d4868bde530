package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @Test
    void aSecondClaimIsRefusedNamingTheHolderUntilTheFirstIsReleased(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.lock");
        String self = "process " + ProcessHandle.current().pid();
        try (DirectoryLock first = DirectoryLock.acquire(file)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
            DirectoryLock.HeldException e = assertThrows(DirectoryLock.HeldException.class, () -> DirectoryLock.acquire(file));
            assertEquals(self, e.holder());
            assertEquals(file + " is locked by " + self, e.getMessage());
        }
        assertEquals("", Files.readString(file), "a released lock names no holder");
        try (DirectoryLock again = DirectoryLock.acquire(file)) {
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void aLockFileThatIsALinkOrADirectoryIsRefused(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("run.lock"), dir.resolve("elsewhere"));
        IOException e = assertThrows(IOException.class, () -> DirectoryLock.acquire(link));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("elsewhere")));
        Path sub = Files.createDirectory(dir.resolve("sub.lock"));
        assertThrows(IOException.class, () -> DirectoryLock.acquire(sub));
    }
}
