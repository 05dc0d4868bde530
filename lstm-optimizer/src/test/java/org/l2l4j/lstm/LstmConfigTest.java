package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LstmConfigTest {

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
    }
}
