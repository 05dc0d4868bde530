package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class StagingVectorTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void valuesWrittenAreTheArraysAndReadBackScaled(DataType type) {
        StagingVector vector = new StagingVector(type, 3);
        vector.write(new float[] {1.5f, -2f, 3.25f});
        assertArrayEquals(new double[] {1.5, -2, 3.25}, vector.array().toDoubleVector(), 0.0);

        vector.array().assign(Nd4j.create(new double[] {4, 6, -8}, new long[] {1, 3}, type));
        float[] read = new float[3];
        vector.read(read, 0.5f);
        assertArrayEquals(new float[] {2, 3, -4}, read, 0f);
    }

    @Test
    void otherTypesAreRejected() {
        IdxFilesTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new StagingVector(DataType.HALF, 3)), "HALF", "only FLOAT and DOUBLE");
    }
}
