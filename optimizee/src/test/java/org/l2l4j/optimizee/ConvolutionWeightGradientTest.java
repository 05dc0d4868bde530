package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ConvolutionWeightGradientTest {

    @Test
    void gradientsAreTheSumsOfTheirDefinitionForAnyStrideDilationAndPadding() {
        // geometries: {in, h, w, out, kh, kw, sh, sw, ph, pw, dh, dw}
        int[][] geometries = {
                {1, 9, 11, 3, 3, 3, 1, 1, 1, 1, 1, 1},
                {2, 10, 13, 5, 2, 4, 2, 3, 0, 2, 1, 1},
                {3, 12, 9, 6, 3, 2, 1, 2, 2, 1, 2, 3},
        };
        ConvolutionWeightGradient gradient = new ConvolutionWeightGradient(); // reused: layouts change between calls
        for (int[] g : geometries) {
            int batch = 5;
            int oh = (g[1] + 2 * g[8] - ((g[4] - 1) * g[10] + 1)) / g[6] + 1;
            int ow = (g[2] + 2 * g[9] - ((g[5] - 1) * g[11] + 1)) / g[7] + 1;
            Nd4j.getRandom().setSeed(g[0] * 100 + g[1]);
            // x is a view into a larger array, dL/dz a transposed (not contiguous) one: both read through strides
            INDArray x = Nd4j.rand(DataType.FLOAT, batch + 2, g[0], g[1], g[2]).get(NDArrayIndex.interval(2, batch + 2));
            INDArray dz = Nd4j.rand(DataType.FLOAT, g[3], batch, oh, ow).subi(0.5).permute(1, 0, 2, 3);
            INDArray dw = Nd4j.create(DataType.FLOAT, g[3], g[0], g[4], g[5]);
            INDArray db = Nd4j.create(DataType.FLOAT, 1, g[3]);

            gradient.compute(x, dz, new int[] {g[4], g[5]}, new int[] {g[6], g[7]}, new int[] {g[8], g[9]},
                    new int[] {g[10], g[11]}, dw, db);

            for (int o = 0; o < g[3]; o++) {
                double bias = 0;
                for (int n = 0; n < batch; n++) {
                    bias += dz.get(NDArrayIndex.point(n), NDArrayIndex.point(o)).sumNumber().doubleValue();
                }
                assertEquals(bias, db.getDouble(0, o), 1e-4, "bias " + o);
                for (int c = 0; c < g[0]; c++) {
                    for (int u = 0; u < g[4]; u++) {
                        for (int v = 0; v < g[5]; v++) {
                            double sum = 0;
                            for (int n = 0; n < batch; n++) {
                                for (int y = 0; y < oh; y++) {
                                    for (int z = 0; z < ow; z++) {
                                        int iy = y * g[6] + u * g[10] - g[8];
                                        int ix = z * g[7] + v * g[11] - g[9];
                                        if (iy >= 0 && iy < g[1] && ix >= 0 && ix < g[2]) {
                                            sum += dz.getDouble(n, o, y, z) * x.getDouble(n, c, iy, ix);
                                        }
                                    }
                                }
                            }
                            assertEquals(sum, dw.getDouble(o, c, u, v), 1e-4, "weight " + o + "," + c + "," + u + "," + v);
                        }
                    }
                }
            }
        }
    }
}
