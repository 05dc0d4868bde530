package org.l2l4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.l2l4j.lstm.BundledOptimizers;
import org.l2l4j.lstm.LstmOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code l2l} command. Subcommands are listed in {@link Command#subcommands()} below; a new one is a
 * class with {@code @Command} and {@code call()} added there, which can reuse {@link ProblemOptions},
 * {@link SeedOptions}, {@link OutputDirectory} and {@link Progress}.
 *
 * <p>Exit codes: 0 success, 2 bad usage (one line on stderr naming the flag or value), 1 any other
 * failure (one line; the stack trace too when the environment has {@code L2L_DEBUG=1}). Results go to
 * stdout, progress and timings to stderr.
 */
@Command(name = "l2l", mixinStandardHelpOptions = true, version = "l2l4j 0.1.0",
        description = "Learning to learn by gradient descent by gradient descent: meta-train, evaluate and compare optimizers.",
        subcommands = {MetaTrainCommand.class, EvaluateCommand.class, CompareCommand.class, SuiteCommand.class, FitDemoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    static final int USAGE = 2;
    static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    private final PrintStream terminal;
    private final ClassLoader resources;

    /**
     * @param terminal  the stream to draw live progress bars on, or null to report progress as plain lines
     * @param resources where {@code compare} looks for the bundled optimizer
     */
    Main(PrintStream terminal, ClassLoader resources) {
        this.terminal = terminal;
        this.resources = resources;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintStream terminal = drawsBars(System.getenv("L2L_PROGRESS")) ? System.err : null;
        boolean debug = "1".equals(System.getenv("L2L_DEBUG"));
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), terminal, debug);
        System.exit(code);
    }

    /**
     * Progress bars need a terminal on stderr, which Java 17 cannot see: the {@code l2l} launcher tests it
     * and sets {@code L2L_PROGRESS} to {@code bar} or {@code lines}; without it, a console on stdin and
     * stdout is taken as the sign.
     */
    static boolean drawsBars(String setting) {
        return setting == null ? System.console() != null : setting.equals("bar");
    }

    /** Runs {@code l2l args} with plain-line progress, printing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, null, "1".equals(System.getenv("L2L_DEBUG")));
    }

    static int execute(String[] args, PrintWriter out, PrintWriter err, PrintStream terminal, boolean debug) {
        return execute(args, out, err, terminal, debug, Main.class.getClassLoader());
    }

    static int execute(String[] args, PrintWriter out, PrintWriter err, PrintStream terminal, boolean debug,
                       ClassLoader resources) {
        return execute(commandLine(out, err, terminal, debug, resources), args, out, err);
    }

    /**
     * Parses {@code args} and runs only the checking stage of the command ({@link CheckedCommand#prepare}):
     * exit 0 when the command line would run, else what {@link #execute} would exit with before its
     * long work. Nothing is trained or evaluated; output directories are created, as a run creates them (and
     * removed again if the command line is refused).
     */
    static int check(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err, null, false, Main.class.getClassLoader());
        cli.setExecutionStrategy(Main::prepareOnly);
        return execute(cli, args, out, err);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, PrintStream terminal, boolean debug,
                                           ClassLoader resources) {
        CommandLine cli = new CommandLine(new Main(terminal, resources));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, given) -> usageError(e, err));
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, err, debug));
        return cli;
    }

    static int execute(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int prepareOnly(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<CommandLine> commands = parsed.asCommandLineList();
        CommandLine last = commands.get(commands.size() - 1);
        if (!(last.getCommand() instanceof CheckedCommand command)) {
            return new CommandLine.RunLast().execute(parsed);
        }
        try (CheckedCommand.Run run = command.prepareOrUndo()) {
            return 0;
        } catch (ParameterException e) {
            throw e;
        } catch (Exception e) {
            throw new ExecutionException(last, "checking " + last.getCommandName() + " failed", e);
        }
    }

    /** With no subcommand: a usage error that names the commands. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command; one of: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    Progress progress() {
        return new Progress(spec.commandLine().getErr(), terminal);
    }

    /** The trained default optimizer this build ships ({@link BundledOptimizers#DEFAULT}), if it ships one. */
    Optional<LstmOptimizer> bundledOptimizer() {
        return bundledOptimizer(BundledOptimizers.DEFAULT);
    }

    /** The bundled optimizer {@code id}, if this build ships it. */
    Optional<LstmOptimizer> bundledOptimizer(String id) {
        return BundledOptimizers.find(id, resources);
    }

    private static int usageError(ParameterException e, PrintWriter err) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println(command + ": " + oneLine(e.getMessage()) + " (see '" + command + " --help')");
        err.flush();
        return USAGE;
    }

    static int failure(Exception e, PrintWriter err, boolean debug) {
        if (debug) {
            e.printStackTrace(err);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
        err.println("l2l: failed: " + message + (debug ? "" : " (L2L_DEBUG=1 shows the stack trace)"));
        err.flush();
        return FAILURE;
    }

    /**
     * What is wrong with {@code file}, in one line, from an exception about it: without the file name the
     * message may start with (the caller names the file), and with the exception's kind when the
     * message is nothing but the path (as for an unreadable file).
     */
    static String reason(Exception e, Path file) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        String prefix = file + ": ";
        if (message.startsWith(prefix)) {
            return oneLine(message.substring(prefix.length()));
        }
        if (message.isEmpty() || message.equals(file.toString())) {
            return e.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    /** Messages from other modules may list options on several lines; the user gets one. */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
