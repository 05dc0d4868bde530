package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    private static final float ODD_NAN = Float.intBitsToFloat(0x7fc0_1234);

    private static Checkpoint sample() {
        return Checkpoint.builder("test-state")
                .put("epoch", 42L)
                .put("loss", Math.PI)
                .put("spec", "mnist:hidden=40, ünïcödé")
                .put("weights", new float[] {1f, -0f, Float.MIN_VALUE, ODD_NAN, Float.NEGATIVE_INFINITY})
                .put("history", new double[] {0.5, Double.NaN, -0.0})
                .put("empty", new float[0])
                .build();
    }

    private Path written() throws IOException {
        Path file = dir.resolve("state.ckpt");
        CheckpointFile.write(file, sample());
        return file;
    }

    @Test
    void roundTripKeepsEveryValueBitForBit() throws IOException {
        Checkpoint read = CheckpointFile.read(written());
        assertEquals("test-state", read.kind());
        assertEquals(List.of("epoch", "loss", "spec", "weights", "history", "empty"), List.copyOf(read.names()));
        assertEquals(42, read.integer("epoch"));
        assertEquals(Double.doubleToRawLongBits(Math.PI), Double.doubleToRawLongBits(read.number("loss")));
        assertEquals("mnist:hidden=40, ünïcödé", read.string("spec"));
        float[] weights = read.floats("weights", 5);
        float[] expected = {1f, -0f, Float.MIN_VALUE, ODD_NAN, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(weights[i]), "weight " + i);
        }
        double[] history = read.doubles("history", 3);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(history[2]));
        assertTrue(Double.isNaN(history[1]));
        assertEquals(0, read.floats("empty", 0).length);
        assertEquals(dir.resolve("state.ckpt"), read.source());
    }

    @Test
    void rewritingLeavesOneFileAndTheNewContent() throws IOException {
        Path file = written();
        CheckpointFile.write(file, Checkpoint.builder("test-state").put("epoch", 43L).build());
        assertEquals(43, CheckpointFile.read(file).integer("epoch"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    private String readError(Path file) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    private Path withBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void eachKindOfDamageGetsItsOwnMessage() throws IOException {
        byte[] good = Files.readAllBytes(written());
        assertTrue(readError(withBytes("trunc", Arrays.copyOf(good, good.length - 10)))
                .contains("truncated: " + (good.length - 10) + " bytes, the header says " + good.length));
        assertTrue(readError(withBytes("short", Arrays.copyOf(good, 20))).contains("truncated: 20 bytes"));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 4;
        assertTrue(readError(withBytes("flip", flipped)).contains("checksum mismatch"));
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertTrue(readError(withBytes("long", longer)).contains("3 more than the header says"));
        byte[] version = good.clone();
        version[CheckpointFile.MAGIC.length] = 2;
        assertTrue(readError(withBytes("v2", version)).contains("unsupported checkpoint format version 2 (this build reads version 1)"));
        assertTrue(readError(withBytes("json", "{\"format\": \"l2l4j-lstm-optimizer\"}".getBytes()))
                .contains("not an l2l4j checkpoint"));
        assertTrue(readError(withBytes("empty", new byte[0])).contains("not an l2l4j checkpoint"));
    }

    @Test
    void gettersNameTheFileTheEntryAndWhatIsWrong() throws IOException {
        Path file = written();
        Checkpoint read = CheckpointFile.read(file);
        String prefix = file + ": ";
        assertEquals(prefix + "no entry \"seed\" (a test-state checkpoint needs it)",
                assertThrows(CheckpointException.class, () -> read.integer("seed")).getMessage());
        assertEquals(prefix + "\"spec\" is a string, expected an integer",
                assertThrows(CheckpointException.class, () -> read.integer("spec")).getMessage());
        assertEquals(prefix + "\"weights\" has 5 values, expected 6",
                assertThrows(CheckpointException.class, () -> read.floats("weights", 6)).getMessage());
        assertEquals(prefix + "\"epoch\" is 42, expected 0..10",
                assertThrows(CheckpointException.class, () -> read.integer("epoch", 0, 10)).getMessage());
        assertEquals(prefix + "\"history\" is an array of float64, expected an array of float32",
                assertThrows(CheckpointException.class, () -> read.floats("history", 3)).getMessage());
    }

    /**
     * Every damaged copy is refused with a {@link CheckpointException} naming the file, never another
     * exception and never a load: the checksum covers every byte before it and the header every byte.
     */
    @Test
    void fuzzEveryDamagedFileIsRefusedWithTheFileNamed() throws IOException {
        byte[] good = Files.readAllBytes(written());
        SplittableRandom random = new SplittableRandom(20240611);
        Path file = dir.resolve("fuzzed.ckpt");
        for (int i = 0; i < 1000; i++) {
            FileMutations.Mutation m = FileMutations.mutate(good, random);
            Files.write(file, m.bytes());
            try {
                CheckpointFile.read(file);
                fail("mutation " + i + " (" + m.description() + ") was loaded");
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            } catch (RuntimeException | IOException e) {
                throw new AssertionError("mutation " + i + " (" + m.description() + "): " + e, e);
            }
        }
    }

    /**
     * Damage behind a recomputed length and checksum (a buggy or hostile writer) reaches the structure
     * parser: it must load or throw a {@link CheckpointException}, never crash or allocate wildly.
     */
    @Test
    void fuzzResignedDamageIsParsedSafely() throws Exception {
        byte[] good = Files.readAllBytes(written());
        byte[] content = Arrays.copyOfRange(good, CheckpointFile.HEADER, good.length - CheckpointFile.CHECKSUM);
        SplittableRandom random = new SplittableRandom(7);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            FileMutations.Mutation m = FileMutations.mutate(content, random);
            byte[] bytes = resigned(good, m.bytes());
            try {
                CheckpointFile.decode(dir.resolve("resigned"), bytes);
                loaded++;
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().contains("malformed"), e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("mutation " + i + " (" + m.description() + "): " + e, e);
            }
        }
        assertTrue(refused > 500 && loaded > 0, refused + " refused, " + loaded + " loaded");
    }

    /** The header of {@code original} with {@code content}, a correct length and a correct checksum. */
    private static byte[] resigned(byte[] original, byte[] content) throws Exception {
        int length = CheckpointFile.HEADER + content.length + CheckpointFile.CHECKSUM;
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(original, 0, CheckpointFile.MAGIC.length + Integer.BYTES).putLong(length).put(content);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(out.array(), 0, out.position());
        out.put(sha.digest());
        return out.array();
    }
}
