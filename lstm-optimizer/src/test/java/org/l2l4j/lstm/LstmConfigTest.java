package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertThrows(IllegalArgumentException.class, () -> new BaseStep(0, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new BaseStep(0, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> BaseStep.NONE.withCorrectionSteps(100));
        assertThrows(IllegalArgumentException.class, () -> BaseStep.nesterov(1, 0.9).withCorrectionSteps(-1));
        assertThrows(IllegalArgumentException.class,
                () -> BaseStep.nesterov(1, 0.9).withCorrectionSteps(LstmState.STEP_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> LstmConfig.defaults().withBase(null));
    }

    @Test
    void correctionStepsSayWhichStepsTheLstmRunsOnAndMakeTheStateCountSteps() {
        BaseStep always = BaseStep.nesterov(1, 0.9);
        BaseStep first3 = always.withCorrectionSteps(3);
        assertTrue(always.corrects(0) && always.corrects(1_000_000));
        assertTrue(first3.corrects(0) && first3.corrects(2));
        assertFalse(first3.corrects(3) || first3.corrects(4));
        assertFalse(LstmConfig.defaults().withBase(always).countsSteps());
        assertTrue(LstmConfig.defaults().withBase(first3).countsSteps());
        assertTrue(new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1).countsSteps());
        // without a limit the config prints as before the limit existed, which resumed checkpoints compare
        assertEquals("BaseStep[learningRate=1.0, momentum=0.9]", always.toString());
        assertEquals("BaseStep[learningRate=1.0, momentum=0.9, correctionSteps=3]", first3.toString());
    }
}
