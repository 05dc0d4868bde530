package org.l2l4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.l2l4j.baselines.Baselines;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.Problem;
import org.l2l4j.evaluation.Comparison;
import org.l2l4j.evaluation.Renamed;
import org.l2l4j.evaluation.Evaluation;
import org.l2l4j.evaluation.FewShotProblem;
import org.l2l4j.evaluation.Pretraining;
import org.l2l4j.lstm.LearnedInitFile;
import org.l2l4j.lstm.LstmKernel;

/**
 * {@code compare --problem FEWSHOT --optimizer INIT-FILE}: adaptation curves, the query loss after each of
 * {@code --steps} steps on every evaluation task's support set ({@link FewShotProblem}), 600 tasks unless
 * {@code --seeds} says otherwise, for
 * <ul>
 *   <li>every baseline, its learning rate tuned on the tuning tasks, from each task's own random θ<sub>0</sub>;</li>
 *   <li>the learned initialisation with the rule it was learned with, named by its method;</li>
 *   <li>{@code pretrained}: one network trained jointly on meta-training tasks ({@link Pretraining}: the MAML
 *       paper's baseline), then fine-tuned with SGD tuned as the baselines are.</li>
 * </ul>
 */
final class LearnedInitComparison {

    /** Joint pre-training: Adam steps by default, tasks per step and learning rate (the meta-training defaults' batch and rate). */
    static final int PRETRAINING_STEPS = 5000;
    /** Held-out tasks when {@code --seeds} is not given: the few-shot literature's 600 (Finn et al. 2017). */
    static final int DEFAULT_TASKS = 600;
    static final int PRETRAINING_TASKS = 25;
    static final double PRETRAINING_LEARNING_RATE = 1e-3;

    private LearnedInitComparison() {
    }

    /**
     * Runs the three comparisons on the seeds of {@code seeds} and reports them as one.
     *
     * @param seeds the steps, seeds and threads; its problem is replaced by the adaptation views of {@code problem}
     */
    static void run(Problem problem, LearnedInitFile.Loaded init, Comparison.Settings seeds, int pretrainingSteps,
                    Path outDir, int threads, Progress progress, PrintWriter out) throws IOException {
        ComparisonProgress listener = new ComparisonProgress(progress, seeds.tuningSeeds());
        Comparison.Settings random = on(FewShotProblem.fromOwnInit(problem), seeds);
        List<Comparison.Entry> entries = new ArrayList<>(Comparison.run(random, Baselines.NAMES, List.of(), listener).entries());

        Optimizer<?> rule = Renamed.of(init.method(), init.rule(LstmKernel.create(threads)));
        entries.addAll(Comparison.run(on(FewShotProblem.from(problem, init.init()), seeds), List.of(), List.of(rule),
                listener).entries());

        progress.message("l2l compare: pre-training one network jointly on %d x %d meta-training tasks",
                pretrainingSteps, PRETRAINING_TASKS);
        float[] pretrained = Pretraining.jointly(problem, pretrainingSteps, PRETRAINING_TASKS,
                PRETRAINING_LEARNING_RATE, seeds.tuningSeeds().seed(0));
        for (Comparison.Entry entry : Comparison.run(on(FewShotProblem.from(problem, pretrained), seeds), List.of("sgd"),
                List.of(), listener).entries()) {
            Evaluation e = entry.evaluation();
            entries.add(new Comparison.Entry(new Evaluation("pretrained", e.learningRate(), e.seeds(), e.runs(), e.stats()),
                    entry.tuning()));
        }
        ComparisonReport.report(new Comparison.Result(random, entries), outDir, out);
    }

    private static Comparison.Settings on(Problem problem, Comparison.Settings seeds) {
        return new Comparison.Settings(problem, seeds.steps(), seeds.evaluationSeeds(), seeds.tuningSeeds(), seeds.threads());
    }
}
