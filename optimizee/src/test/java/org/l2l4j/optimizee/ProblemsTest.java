package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxFilesTest.assertMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;

class ProblemsTest {

    @Test
    void defaultsParseToThePapersProblems() {
        assertEquals(new QuadraticProblem(10, 128), Problems.parse("quadratic"));
        assertEquals(new MnistProblem(TrainTestData.embedded(), 20, 1, HiddenActivation.SIGMOID, 128),
                Problems.parse("mnist"));
    }

    @Test
    void everyKeyIsRead() {
        assertEquals(new QuadraticProblem(20, 64), Problems.parse("quadratic:dim=20,batch=64"));
        assertEquals(new MnistProblem(TrainTestData.embedded(), 40, 2, HiddenActivation.RELU, 32),
                Problems.parse("mnist:hidden=40,layers=2,activation=relu,batch=32"));
        assertEquals(HiddenActivation.TANH, ((MnistProblem) Problems.parse("mnist:activation=tanh")).activation());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "quadratic; quadratic",
        "quadratic:dim=10,batch=128; quadratic",
        "quadratic:batch=64,dim=20; quadratic:dim=20,batch=64",
        "quadratic:batch=1; quadratic:batch=1",
        "mnist; mnist",
        "mnist:batch=128,activation=sigmoid; mnist",
        "mnist:hidden=40,layers=2,activation=relu,batch=128; mnist:hidden=40,layers=2,activation=relu",
        "mnist:batch=64,activation=tanh,layers=3,hidden=8; mnist:hidden=8,layers=3,activation=tanh,batch=64",
    })
    void specIsCanonicalAndParsesBackToAnEqualProblem(String spec, String canonical) {
        Problem problem = Problems.parse(spec);
        assertEquals(canonical, problem.spec());
        assertEquals(problem, Problems.parse(problem.spec()));
        assertEquals(canonical, Problems.parse(canonical).spec());
    }

    @Test
    void unknownProblemListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.parse("cifar:x=1"));
        assertMessage(e, "unknown problem 'cifar'", "cifar:x=1", "valid problems: quadratic, mnist");
    }

    @Test
    void unknownKeyListsTheProblemsKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Problems.parse("mnist:hiden=40"));
        assertMessage(e, "unknown key 'hiden'", "'mnist:hiden=40'", "valid keys for mnist: hidden, layers, activation, batch");
        e = assertThrows(IllegalArgumentException.class, () -> Problems.parse("quadratic:hidden=4"));
        assertMessage(e, "unknown key 'hidden'", "valid keys for quadratic: dim, batch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quadratic:dim=abc", "quadratic:dim=0", "quadratic:batch=-3", "mnist:hidden=2.5",
        "mnist:layers=0", "mnist:batch=99999999999"})
    void badIntegerNamesKeyValueAndTheValidRange(String spec) {
        String option = spec.substring(spec.indexOf(':') + 1);
        String key = option.substring(0, option.indexOf('='));
        String value = option.substring(option.indexOf('=') + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.parse(spec));
        assertMessage(e, "bad value '" + value + "'", "key '" + key + "'", spec, "expected an integer >= 1");
    }

    @Test
    void badActivationListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Problems.parse("mnist:activation=gelu"));
        assertMessage(e, "bad value 'gelu'", "key 'activation'", "valid values: sigmoid, relu, tanh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist:", "mnist:hidden", "mnist:hidden=", "mnist:=3", "mnist:hidden=4,,batch=2"})
    void malformedOptionIsNamed(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.parse(spec));
        assertMessage(e, "bad option", spec, "expected key=value");
    }

    @Test
    void repeatedKeyAndEmptySpecAreRejected() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Problems.parse("quadratic:dim=3,dim=4")),
                "key 'dim' given twice");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Problems.parse(" ")), "empty problem spec");
    }

    @Test
    void settingTooLargeForMemoryNamesTheSpec() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Problems.parse("quadratic:dim=100000"));
        assertMessage(e, "problem spec 'quadratic:dim=100000'", "more than one Java array");
    }

    @Test
    void describeMentionsEveryProblemAndKey() {
        String help = String.join("\n", Problems.describe());
        for (String word : List.of("quadratic:", "mnist:", "dim=10", "batch=128", "hidden=20", "layers=1",
                "activation=sigmoid|relu|tanh")) {
            assertTrue(help.contains(word), word + " missing from\n" + help);
        }
    }

    @Test
    void mnistReadsItsDataFromTheDirectoryOnceAndTrainsOnIt(@TempDir Path dir) throws IOException {
        IdxTestFiles.writeDataSet(dir, 12, 4, true);
        MnistProblem problem = (MnistProblem) Problems.parse("mnist:hidden=3,batch=4", dir);
        assertEquals(12, problem.data().train().size());
        assertSame(problem.data(), ((MnistProblem) Problems.parse("mnist", dir.resolve(".").resolve(""))).data());
        assertEquals("mnist:hidden=3,batch=4,data=" + dir, problem.spec(), "the spec names the data it was given");
        assertEquals(problem, Problems.parse(problem.spec()));
        assertNotEquals(problem, Problems.parse("mnist:hidden=3,batch=4"), "embedded data make a different problem");

        Optimizee optimizee = problem.sample(1);
        assertEquals(6 * 3 + 3 + 3 * 10 + 10, optimizee.dimension()); // 2x3-pixel images
        float[] theta = optimizee.initialParameters();
        assertTrue(Double.isFinite(optimizee.lossAndGradient(theta, new float[theta.length])));
    }

    @Test
    void unreadableDataDirectoryNamesTheMissingFile(@TempDir Path dir) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Problems.parse("mnist", dir));
        assertMessage(e, dir.toString(), "no IDX file for the training images", "train-images-idx3-ubyte");
    }

    @Test
    void quadraticIgnoresTheDataDirectory(@TempDir Path dir) {
        assertEquals(new QuadraticProblem(), Problems.parse("quadratic", dir));
    }
}
