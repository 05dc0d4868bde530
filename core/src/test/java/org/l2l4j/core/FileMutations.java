package org.l2l4j.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Damaged variants of a file's bytes, for fuzz tests of file readers: bit flips, truncation, appended,
 * overwritten, deleted, inserted and duplicated bytes, bytes set to characters that matter to a parser,
 * and plain random bytes. Every variant differs from the original. Shared with the other modules'
 * tests through this module's test jar.
 */
public final class FileMutations {

    /** A damaged file and what was done to it (for the failure message). */
    public record Mutation(String description, byte[] bytes) {
    }

    private static final byte[] SPECIAL = "\0\u007f\"{}[]:,-.0159eE \n\\".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final int KINDS = 10;

    private FileMutations() {
    }

    /** One damaged variant of {@code original} drawn from {@code random}; never equal to it. */
    public static Mutation mutate(byte[] original, SplittableRandom random) {
        while (true) {
            Mutation m = attempt(original, random);
            if (!Arrays.equals(m.bytes(), original)) {
                return m;
            }
        }
    }

    private static Mutation attempt(byte[] original, SplittableRandom random) {
        int n = original.length;
        byte[] b = original.clone();
        switch (random.nextInt(KINDS)) {
            case 0 -> {
                int bit = random.nextInt(8 * n);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                return new Mutation("flipped bit " + bit, b);
            }
            case 1 -> {
                int flips = 2 + random.nextInt(7);
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(8 * n);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return new Mutation("flipped " + flips + " random bits", b);
            }
            case 2 -> {
                int length = random.nextInt(n);
                return new Mutation("truncated to " + length + " of " + n + " bytes", Arrays.copyOf(original, length));
            }
            case 3 -> {
                return new Mutation("appended random bytes", concat(original, randomBytes(1 + random.nextInt(64), random)));
            }
            case 4 -> {
                int at = random.nextInt(n);
                byte[] noise = randomBytes(1 + random.nextInt(Math.min(32, n - at)), random);
                System.arraycopy(noise, 0, b, at, noise.length);
                return new Mutation("overwrote " + noise.length + " bytes at " + at, b);
            }
            case 5 -> {
                int at = random.nextInt(n);
                int length = 1 + random.nextInt(Math.min(64, n - at));
                return new Mutation("deleted " + length + " bytes at " + at,
                        concat(Arrays.copyOf(original, at), Arrays.copyOfRange(original, at + length, n)));
            }
            case 6 -> {
                int at = random.nextInt(n + 1);
                return new Mutation("inserted random bytes at " + at, concat(concat(Arrays.copyOf(original, at),
                        randomBytes(1 + random.nextInt(16), random)), Arrays.copyOfRange(original, at, n)));
            }
            case 7 -> {
                return new Mutation("replaced by random bytes", randomBytes(random.nextInt(2 * n + 1), random));
            }
            case 8 -> {
                int from = random.nextInt(n);
                int length = 1 + random.nextInt(Math.min(64, n - from));
                int to = random.nextInt(n - length + 1);
                System.arraycopy(original, from, b, to, length);
                return new Mutation("copied " + length + " bytes from " + from + " to " + to, b);
            }
            default -> {
                int at = random.nextInt(n);
                b[at] = SPECIAL[random.nextInt(SPECIAL.length)];
                return new Mutation("set byte " + at + " to 0x" + Integer.toHexString(b[at] & 0xff), b);
            }
        }
    }

    private static byte[] randomBytes(int n, SplittableRandom random) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
