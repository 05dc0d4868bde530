package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bundled general optimizer, {@code bundled/general.l2l}: the file docs/results.md's command wrote. */
class GeneralBundledOptimizerTest {

    @Test
    void theGeneralOptimizerIsThePapersLstmOnAnAdamBaseStepWithThePinnedWeights() throws Exception {
        LstmOptimizer general = BundledOptimizers.find("general", BundledOptimizers.class.getClassLoader())
                .orElseThrow(() -> new AssertionError("the build ships org/l2l4j/lstm/bundled/general.l2l"));
        assertEquals(LstmConfig.defaults().withBase(BaseStep.adam(0.03, 0.9, 0.999).withCorrectionSteps(200)),
                general.weights().config(), "log/sign inputs, the LSTM's output added to Adam's direction at lr 0.03"
                        + " on the first 200 steps, Adam alone after them");
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * general.weights().values().length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(general.weights().values());
        assertEquals("39982f1a8812f4690c25338f31c264453ed113b757cd37c877726fb62f3122b7", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array())));
    }
}
