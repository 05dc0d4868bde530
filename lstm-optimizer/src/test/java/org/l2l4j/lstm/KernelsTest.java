package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which kernel runs: the tests' JVM enables jdk.incubator.vector (see the parent pom's surefire argLine). */
class KernelsTest {

    @Test
    void vectorKernelIsSelectedWhenTheModuleIsEnabled() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests must run with --add-modules jdk.incubator.vector");
        LstmKernel kernel = LstmKernel.create(1);
        assertInstanceOf(VectorLstmKernel.class, kernel);
        assertTrue(kernel.description().startsWith("Java Vector API"), kernel.description());
    }

    @Test
    void aClosedKernelRefusesWork() {
        LstmConfig config = LstmConfig.defaults();
        int n = 2 * PartitionedKernel.MIN_PER_THREAD;
        LstmKernel kernel = Kernels.vector(2);
        kernel.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernel.forward(
                LstmWeights.initial(config, 1), new float[n], LstmState.zeros(config, n), LstmState.zeros(config, n),
                new float[n], null));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void plainKernelCanBeForced() {
        LstmKernel kernel = Kernels.plain(2);
        assertTrue(kernel.getClass() == PlainLstmKernel.class, kernel.getClass().getName());
        assertTrue(kernel.description().startsWith("plain Java, 2 thread"), kernel.description());
    }
}
