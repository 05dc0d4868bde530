package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LstmConfigTest {

    /**
     * Resumed meta-training compares settings as text: an LSTM without a base step must print exactly as
     * the record printed before base steps existed, or checkpoints of earlier builds would be refused.
     */
    @Test
    void withoutABaseStepItPrintsAsBeforeBaseStepsExisted() {
        assertEquals("LstmConfig[layers=2, hidden=20, preprocessing=Preprocessing[kind=LOG_SIGN, p=10.0, clamp=0.0],"
                + " outputScale=0.1]", LstmConfig.defaults().toString());
        assertEquals("LstmConfig[layers=2, hidden=20, preprocessing=Preprocessing[kind=LOG_SIGN, p=10.0, clamp=0.0],"
                + " outputScale=0.1, base=BaseStep[learningRate=1.0, momentum=0.9]]",
                LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9)).toString());
    }

    @Test
    void extraStateCountsAdamMomentsAndTheBaseTrace() {
        LstmConfig adam = new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1);
        assertEquals(0, LstmConfig.defaults().extraStateFloats());
        assertEquals(2, adam.extraStateFloats());
        assertEquals(3, adam.withBase(BaseStep.nesterov(1, 0.9)).extraStateFloats());
    }

    @Test
    void aBaseStepIsCheckedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> BaseStep.nesterov(0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> BaseStep.nesterov(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BaseStep(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LstmConfig.defaults().withBase(null));
    }
}
