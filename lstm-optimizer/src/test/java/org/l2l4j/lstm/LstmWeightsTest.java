package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;

class LstmWeightsTest {

    @Test
    void isAnImmutableValueThatCopiesWhatItIsGivenAndHandsOut() {
        LstmConfig config = LstmConfig.defaults();
        float[] values = LstmWeights.initial(config, 2).values();
        float first = values[0];
        LstmWeights weights = LstmWeights.of(config, values);
        LstmWeights same = LstmWeights.of(config, values);
        values[0] = 7;
        weights.values()[1] = 7;
        assertEquals(same, weights);
        assertEquals(first, weights.values()[0]);
        assertNotSame(weights.values(), weights.values());
    }
}
