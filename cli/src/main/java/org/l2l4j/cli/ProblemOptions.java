package org.l2l4j.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.l2l4j.core.Problem;
import org.l2l4j.optimizee.MixtureProblem;
import org.l2l4j.optimizee.Problems;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --problem SPEC [--data PATH]}: the problem a command trains on. */
final class ProblemOptions {

    @Option(names = "--problem", required = true, paramLabel = "SPEC",
            description = {"quadratic[:dim=10,batch=128]",
                "or mnist[:hidden=20,layers=1,activation=sigmoid|relu|tanh,batch=128,data=PATH,test=PATH]",
                "or cnn[:channels=8,kernel=5,layers=2,activation=relu,batch=128,data=PATH,test=PATH]",
                "or dl4j:conf=FILE,data=PATH[,test=PATH][,batch=128]",
                "or sinusoid[:shots=10,query=10] (few-shot sine regression)",
                "or fewshot[:ways=5,shots=1,query=15,data=PATH,train-classes=0-4,test-classes=5-9,conf=FILE]",
                "  (N-way K-shot classification episodes; class ranges default to the first and second half);",
                "meta-train takes it more than once, a mixture (key weight=W, default 1)"})
    List<String> specs;

    @Option(names = "--data", paramLabel = "PATH",
            description = {"data of a family whose spec has no data= key: a directory of IDX files, a CSV file or a"
                + " directory of class folders of images (default: the embedded mnist-10k subset)"})
    Path data;

    /** The problem, or a usage error naming {@code --problem} or {@code --data}; one {@code --problem} only. */
    Problem problem(CommandLine cli) {
        if (specs.size() > 1) {
            throw new ParameterException(cli, "--problem: given " + specs.size() + " times; only meta-train mixes"
                    + " problem families");
        }
        return parse(cli, data -> Problems.parse(specs.get(0), data));
    }

    /** The problem of every {@code --problem}: one family, or their {@link MixtureProblem}. */
    Problem mixture(CommandLine cli) {
        return parse(cli, data -> MixtureProblem.parse(specs, data));
    }

    private Problem parse(CommandLine cli, Function<Path, Problem> parser) {
        return parse(cli, data, parser);
    }

    /**
     * {@code parser} applied to {@code data} (the value of {@code --data}, or null), every problem with either
     * turned into a usage error naming {@code --problem} or {@code --data}.
     */
    static Problem parse(CommandLine cli, Path data, Function<Path, Problem> parser) {
        if (data != null && !Files.exists(data)) {
            throw new ParameterException(cli, "--data: " + data + " does not exist");
        }
        if (data != null && !Files.isReadable(data)) {
            throw new ParameterException(cli, "--data: " + data + " is not readable");
        }
        try {
            return parser.apply(data);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--problem: " + Main.oneLine(e.getMessage()));
        } catch (UncheckedIOException e) {
            throw new ParameterException(cli, "--data: " + Main.oneLine(e.getMessage()));
        }
    }
}
