package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled optimizers besides the MNIST specialist ({@code LegacyFilesTest} pins that one): each is the
 * file its command in docs/results.md wrote, with that architecture and those weights.
 */
class BundledOptimizerFilesTest {

    @Test
    void theGeneralOptimizerIsThePapersLstmOnAnAdamBaseStepWithThePinnedWeights() throws Exception {
        LstmOptimizer general = bundled("general");
        assertEquals(LstmConfig.defaults().withBase(BaseStep.adam(0.03, 0.9, 0.999).withCorrectionSteps(200)),
                general.weights().config(), "log/sign inputs, the LSTM's output added to Adam's direction at lr 0.03"
                        + " on the first 200 steps, Adam alone after them");
        assertEquals("39982f1a8812f4690c25338f31c264453ed113b757cd37c877726fb62f3122b7", weightsSha256(general));
    }

    /**
     * {@code long} (500-step horizons, one optimizee a meta-step), {@code mixed} (100 to 500 steps, two),
     * {@code mixed4} (100 to 500 steps, four) and {@code stratified} (mixed4's with averaged weights and
     * stratified family draws): one network, Adam-normalised inputs (beta1 = beta2 = 0.95), output scale 0.1,
     * the LSTM's output the whole step; their meta-training differs, so do their weights.
     */
    @ParameterizedTest
    @CsvSource({
        "long, fbabec32ab9dff20c095c60678d76035a2443241ef2e521a83b0e67665763e4a",
        "mixed, 6519c157e22bb4335f50ec18805b4bb693b7dfc521c6de83beeedd4bb003fd46",
        "mixed4, 7884b76dfdd73c0cb2ef0dd791aec9e82209771a53147b7c3e5811a9c4ab67ae",
        "stratified, a8f978e699181e55b0ad0e9be0e890b80b2d4e31d37875cbd62e0d8a6bda27f3"})
    void theRnnpropOptimizersHaveNoBaseStepAndThePinnedWeights(String id, String weightsSha256) throws Exception {
        LstmOptimizer optimizer = bundled(id);
        assertEquals(new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1), optimizer.weights().config(), id);
        assertEquals(weightsSha256, weightsSha256(optimizer), id);
    }

    /** {@code progress}: {@code stratified}'s command with three training-progress inputs after its two. */
    @Test
    void theProgressOptimizerHasThreeStepInputsAndThePinnedWeights() throws Exception {
        LstmOptimizer progress = bundled("progress");
        assertEquals(new LstmConfig(2, 20, Preprocessing.adamNormalised().withStepFeatures(3), 0.1),
                progress.weights().config());
        assertEquals("1cf0e82a5968fbbfe0b3588097e67838b979059445bb53fddcb728b502ddc9ae", weightsSha256(progress));
    }

    private static LstmOptimizer bundled(String id) {
        return BundledOptimizers.find(id, BundledOptimizers.class.getClassLoader())
                .orElseThrow(() -> new AssertionError("the build ships org/l2l4j/lstm/bundled/" + id + ".l2l"));
    }

    /** SHA-256 of the weights as little-endian float32, independent of the file's JSON layout. */
    private static String weightsSha256(LstmOptimizer optimizer) throws Exception {
        float[] values = optimizer.weights().values();
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
