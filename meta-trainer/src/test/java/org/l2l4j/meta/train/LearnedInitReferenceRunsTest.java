package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.optimizee.Problems;

/**
 * Learned-initialisation meta-training computes, bit for bit, what the build before its loop was shared
 * with {@link MetaTrainer} computed: a tiny run of each method, validation and keep-best included, pinned by
 * the SHA-256 of everything its result holds (θ<sub>0</sub>, the rates or the LSTM, the best validation loss
 * and meta-step, the skipped steps). A change meant to change the arithmetic replaces the digests, and
 * says why in its commit.
 */
class LearnedInitReferenceRunsTest {

    private static final QuadraticEpisodes TASKS = new QuadraticEpisodes(2, 3);

    @ParameterizedTest
    @CsvSource({
        "MAML, 04af347b49cf143ce9fa5611ac3845564d8563563966950fffcedc96e8a6ba81",
        "FOMAML, bbc81c72af517465195d8e1e6909fce1d8c6d794699e178989d61527d71e7c60",
        "REPTILE, 56e9b6ac806d6c4bfc48d9ffd9743f4e6f5894d178670d0cf67ac3cad09eb089",
        "META_SGD, 888cdfd88ca14828a0acb75077bd860d7ec277fbbf0441eccbf01701bbf115d0",
        "LSTM, abc9d26621df291d4ded81550ebad59a9125e066307398a51c647f116de335cd"})
    void keptMetaParametersAreThoseOfTheReferenceBuild(InitMethod method, String digest) throws NoSuchAlgorithmException {
        LearnedInitSettings settings = LearnedInitSettings.builder(method).innerSteps(2).innerLearningRate(0.05)
                .tasksPerStep(3).iterations(7).metaLearningRate(method == InitMethod.REPTILE ? 0.5 : 0.02)
                .validateEvery(2).validationTasks(4).seed(11).build();
        LearnedInitTrainer.Result result = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1)).train(r -> {
        });
        assertEquals(digest, digest(result), method.toString());
    }

    /** The same on the sinusoid's MLP 1-40-40-1. */
    @ParameterizedTest
    @CsvSource({
        "MAML, 77ad8baa02d7f92318bbdb944dcc2322b7b2676d7bf27af90b363a41bf5492ef",
        "REPTILE, af13304fa22b6a927339581e79f5229a2fcb63d6183edac3ab1f163caf4c91ae",
        "META_SGD, 6392b8893802b0a270f5cf2a824081c7dc1bbb7aeca7afee70afecb8b5aea7f5",
        "LSTM, ccb8d3bb1e79e519f94444a5bea5692b2d4c96ce30adaa5a775fd1093f9f0791"})
    void keptMetaParametersOnTheSinusoidAreThoseOfTheReferenceBuild(InitMethod method, String digest)
            throws NoSuchAlgorithmException {
        LearnedInitSettings settings = LearnedInitSettings.builder(method).innerSteps(2).tasksPerStep(2).iterations(3)
                .validateEvery(2).validationTasks(2).seed(5).build();
        LearnedInitTrainer.Result result = new LearnedInitTrainer(Problems.parse("sinusoid"), settings,
                LstmKernel.create(1)).train(r -> {
        });
        assertEquals(digest, digest(result), method.toString());
    }

    /** The SHA-256 of the result's floats and numbers, in hex. */
    static String digest(LearnedInitTrainer.Result result) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        update(sha, result.init());
        result.learningRates().ifPresent(rates -> update(sha, rates));
        result.lstm().ifPresent(lstm -> update(sha, lstm.values()));
        sha.update(ByteBuffer.allocate(16).putDouble(result.bestValidationLoss()).putInt(result.bestIteration())
                .putInt(result.skippedSteps()).array());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            bytes.putFloat(v);
        }
        sha.update(bytes.array());
    }
}
