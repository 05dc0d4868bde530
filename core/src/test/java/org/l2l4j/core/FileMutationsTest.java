package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FileMutationsTest {

    @Test
    void variantsAlwaysDifferAreReproducibleAndCoverEveryKind() {
        byte[] original = "{\"format\": \"x\", \"values\": [1, 2, 3]}".getBytes();
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            FileMutations.Mutation m = FileMutations.mutate(original, a);
            assertFalse(Arrays.equals(original, m.bytes()), m.description());
            assertEquals(m.description(), FileMutations.mutate(original, b).description());
            kinds.add(m.description().replaceAll("[0-9].*", ""));
        }
        assertEquals(10, kinds.size(), kinds.toString());
    }
}
