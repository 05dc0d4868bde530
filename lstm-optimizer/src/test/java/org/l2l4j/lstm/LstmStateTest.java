package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LstmStateTest {

    private static final LstmConfig ADAM = new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1);

    @Test
    void onlyAdamNormalisedStatesHoldMomentsAndTheirBytesCountThem() {
        assertEquals(4L * 80 * 1000, LstmState.bytes(LstmConfig.defaults(), 1000), "LOG_SIGN: h and c only, as before");
        assertEquals(0, LstmState.zeros(LstmConfig.defaults(), 1000).gradientMean().length);
        assertEquals(4L * 82 * 1000, LstmState.bytes(ADAM, 1000), "h, c, m and v");
        LstmState adam = LstmState.zeros(ADAM, 1000);
        assertEquals(1000, adam.gradientMean().length);
        assertEquals(1000, adam.gradientMeanSquare().length);
        assertEquals(LstmState.bytes(ADAM, 1000), adam.bytes());
    }

    @Test
    void copyFromCopiesAndClearZeroesMomentsAndStepCount() {
        LstmState a = TestData.state(ADAM, 37, 1);
        a.setSteps(7);
        LstmState b = LstmState.zeros(ADAM, 37);
        b.copyFrom(a);
        assertArrayEquals(a.gradientMean(), b.gradientMean());
        assertArrayEquals(a.gradientMeanSquare(), b.gradientMeanSquare());
        assertEquals(7, b.steps());
        b.clear();
        assertArrayEquals(new float[37], b.gradientMean());
        assertArrayEquals(new float[37], b.gradientMeanSquare());
        assertEquals(0, b.steps());
    }

    @Test
    void aBaseStepAddsItsTraceToTheStateAndCopyAndClearHandleIt() {
        LstmConfig based = LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9));
        assertEquals(4L * 81 * 1000, LstmState.bytes(based, 1000), "h, c and the trace");
        LstmState a = TestData.state(based, 37, 2);
        LstmState b = LstmState.zeros(based, 37);
        b.copyFrom(a);
        assertArrayEquals(a.baseTrace(), b.baseTrace());
        b.clear();
        assertArrayEquals(new float[37], b.baseTrace());
        assertEquals(0, LstmState.zeros(LstmConfig.defaults(), 37).baseTrace().length);
    }

    /** The count saturates where float32 (the DL4J updater's state) still holds it exactly. */
    @Test
    void theStepCountSaturatesAt2To24AndIsKeptOnlyForAdamNormalised() {
        LstmState in = LstmState.zeros(ADAM, 3);
        LstmState out = LstmState.zeros(ADAM, 3);
        in.setSteps(LstmState.STEP_LIMIT);
        out.advanceStepsFrom(in);
        assertEquals(LstmState.STEP_LIMIT, out.steps());
        assertThrows(IllegalArgumentException.class, () -> in.setSteps(LstmState.STEP_LIMIT + 1));
        LstmState logSign = LstmState.zeros(LstmConfig.defaults(), 3);
        assertThrows(IllegalArgumentException.class, () -> logSign.setSteps(1));
        logSign.advanceStepsFrom(LstmState.zeros(LstmConfig.defaults(), 3));
        assertEquals(0, logSign.steps());
    }
}
