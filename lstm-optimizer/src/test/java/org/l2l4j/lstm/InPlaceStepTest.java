package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A state advanced in place (the incoming state is the outgoing one), on the heap or in an off-heap buffer
 * as the DL4J updater keeps it, takes exactly the steps of a heap state stepped from one object into
 * another: same update and same state, bit for bit, and nothing outside its stretch of the buffer touched.
 */
class InPlaceStepTest {

    /** Floats before and after the state's stretch of the buffer, as a slice of a larger array has. */
    private static final int GUARD = 5;
    private static final float GUARD_VALUE = 12345f;
    private static final int STEPS = 5;

    enum Storage { HEAP, BUFFER }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (LstmKernelTest.Kind kind : LstmKernelTest.kinds()) {
            for (LstmConfig config : TestData.stateLayouts()) {
                for (Storage storage : Storage.values()) {
                    // 37: remainder only; 1001: tiles and a remainder; 5000: two threads
                    for (int n : new int[] {37, 1001, 5000}) {
                        cases.add(Arguments.of(kind, config, storage, n));
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} {2} n={3}")
    @MethodSource("cases")
    void stepsInPlaceEqualStepsIntoAnotherState(LstmKernelTest.Kind kind, LstmConfig config, Storage storage, int n) {
        try (LstmKernel kernel = kind.factory.apply(2)) {
            LstmWeights w = TestData.weights(config, 31);
            LstmState current = TestData.state(config, n, 32);
            LstmState next = LstmState.zeros(config, n);
            FloatBuffer buffer = guardedBuffer(LstmState.floatsPerCoordinate(config) * n);
            LstmState inPlace = storage == Storage.HEAP ? LstmState.zeros(config, n)
                    : LstmState.over(config, n, buffer, GUARD);
            inPlace.copyFrom(current);
            float[] expected = new float[n];
            float[] actual = new float[n];
            for (int step = 0; step < STEPS; step++) { // past the correction steps of the config that has them
                float[] gradient = TestData.gradients(n, 40 + step);
                kernel.forward(w, gradient, current, next, expected, null);
                kernel.forward(w, gradient, inPlace, inPlace, actual, null);
                assertArrayEquals(expected, actual, "update of step " + step);
                assertStatesEqual(next, inPlace, "state after step " + step);
                LstmState swap = current;
                current = next;
                next = swap;
            }
            for (int i = 0; i < GUARD; i++) {
                assertEquals(GUARD_VALUE, buffer.get(i));
                assertEquals(GUARD_VALUE, buffer.get(buffer.capacity() - 1 - i));
            }
        }
    }

    @Test
    void statesCopyBetweenHeapAndBuffersExactly() {
        LstmConfig config = TestData.stateLayouts().get(2); // every region: h, c, moments, base trace
        int n = 11;
        LstmState heap = TestData.state(config, n, 50);
        int floats = LstmState.floatsPerCoordinate(config) * n;
        LstmState first = LstmState.over(config, n, guardedBuffer(floats), GUARD);
        LstmState second = LstmState.over(config, n, guardedBuffer(floats + 3), GUARD + 3);
        first.copyFrom(heap);
        second.copyFrom(first);
        assertStatesEqual(heap, second, "heap -> buffer -> buffer");
        second.clear();
        assertStatesEqual(LstmState.zeros(config, n), second, "cleared");
    }

    @Test
    void aStateOverABufferHasNoArrays() {
        LstmState s = LstmState.over(LstmConfig.defaults(), 3, guardedBuffer(80 * 3), GUARD);
        assertThrows(IllegalStateException.class, () -> s.h(0));
    }

    @Test
    void aStateThatDoesNotFitItsBufferIsRefused() {
        FloatBuffer buffer = guardedBuffer(80 * 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LstmState.over(LstmConfig.defaults(), 4, buffer, GUARD));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }

    /** A direct buffer of {@code floats} floats between two guards, in the machine's byte order. */
    private static FloatBuffer guardedBuffer(int floats) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(Float.BYTES * (floats + 2 * GUARD))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, GUARD_VALUE);
        }
        return buffer;
    }

    private static void assertStatesEqual(LstmState expected, LstmState actual, String what) {
        LstmState copy = LstmState.zeros(actual.config(), actual.n());
        copy.copyFrom(actual);
        for (int l = 0; l < expected.config().layers(); l++) {
            assertArrayEquals(expected.h(l), copy.h(l), what + ": h of layer " + l);
            assertArrayEquals(expected.c(l), copy.c(l), what + ": c of layer " + l);
        }
        assertArrayEquals(expected.gradientMean(), copy.gradientMean(), what + ": m");
        assertArrayEquals(expected.gradientMeanSquare(), copy.gradientMeanSquare(), what + ": v");
        assertArrayEquals(expected.baseTrace(), copy.baseTrace(), what + ": base trace");
        assertEquals(expected.steps(), copy.steps(), what + ": steps");
    }
}
