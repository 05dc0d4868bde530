package org.l2l4j.optimizee;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A flat ND4J row vector of the network's type (FLOAT or DOUBLE) that Java {@code float[]} values
 * are copied into and out of through its native memory, without allocating.
 */
final class StagingVector {

    private final INDArray array;
    private final FloatBuffer floats; // the array's memory when FLOAT, else null
    private final DoubleBuffer doubles; // the array's memory when DOUBLE, else null

    StagingVector(DataType type, int length) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("network parameters are " + type
                    + "; only FLOAT and DOUBLE are supported");
        }
        array = Nd4j.create(type, 1, length);
        floats = type == DataType.FLOAT ? array.data().asNioFloat() : null;
        doubles = type == DataType.DOUBLE ? array.data().asNioDouble() : null;
    }

    INDArray array() {
        return array;
    }

    void write(float[] values) {
        if (floats != null) {
            floats.put(0, values);
        } else {
            for (int i = 0; i < values.length; i++) {
                doubles.put(i, values[i]);
            }
        }
    }

    /** {@code values[i] = scale · array[i]}. */
    void read(float[] values, float scale) {
        if (floats != null) {
            floats.get(0, values);
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (scale * doubles.get(i));
            }
        }
    }
}
