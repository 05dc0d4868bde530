package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    void plainKernelCanBeForced() {
        LstmKernel kernel = Kernels.plain(2);
        assertTrue(kernel.getClass() == PlainLstmKernel.class, kernel.getClass().getName());
        assertTrue(kernel.description().startsWith("plain Java, 2 thread"), kernel.description());
    }
}
