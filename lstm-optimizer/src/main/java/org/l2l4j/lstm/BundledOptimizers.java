package org.l2l4j.lstm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The trained optimizers shipped as classpath resources {@code org/l2l4j/lstm/bundled/<id>.l2l}, in the
 * {@link OptimizerFile} format, known by the ids of {@link #IDS}. Each resource is read once per JVM.
 *
 * <p>A model configured with a bundled optimizer names it by its id, never as "the default", so changing
 * {@link #DEFAULT} leaves every saved model on the optimizer it was trained with.
 */
public final class BundledOptimizers {

    /** The ids of the optimizers this build ships; each has its resource (a test checks). */
    public static final List<String> IDS = List.of("mnist", "general", "long", "mixed", "mixed4", "stratified",
            "progress");

    /**
     * The id {@code LearnedUpdater.bundled()} and the CLI's defaults name: one of {@link #IDS}. Not a
     * compile-time constant, which javac would copy into the callers' class files: code compiled against one
     * version of this library, and other modules left uncompiled by an incremental build, read the default
     * of the library they run with.
     */
    public static final String DEFAULT = String.valueOf("stratified");

    private static final String DIRECTORY = "org/l2l4j/lstm/bundled/";
    private static final String SUFFIX = ".l2l";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Map<String, LstmWeights> READ = new ConcurrentHashMap<>();

    private BundledOptimizers() {
    }

    /**
     * Bundled optimizer {@code name} as {@code loader} finds it, on the process-wide kernel (as
     * {@link LstmOptimizer#load(Path)}); empty if {@code loader} has no such resource, as in a build that
     * ships none.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name
     * @throws UncheckedIOException     if the resource is not a valid optimizer file
     */
    public static Optional<LstmOptimizer> find(String name, ClassLoader loader) {
        return Optional.ofNullable(loader.getResource(resource(name)))
                .map(url -> new LstmOptimizer(cached(url), Kernels.shared()));
    }

    /**
     * The weights of bundled optimizer {@code name}, shared: callers must not modify them. Looked up through
     * the thread's context class loader, then this library's.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name, or neither a known id nor on the
     *                                  classpath
     * @throws IllegalStateException    if a known id's resource is not on the classpath
     * @throws UncheckedIOException     if the resource is not a valid optimizer file
     */
    static LstmWeights weights(String name) {
        String resource = resource(name);
        URL url = find(resource);
        if (url == null && !IDS.contains(name)) {
            throw new IllegalArgumentException(unknown(name));
        }
        if (url == null) {
            throw new IllegalStateException("no bundled optimizer \"" + name + "\": the resource " + resource
                    + " is not on the classpath; load a trained file with LearnedUpdater.load(path) instead");
        }
        return cached(url);
    }

    /** The message for an id this build does not know, listing those it knows. */
    public static String unknown(String name) {
        return "unknown bundled optimizer \"" + name + "\"; known ids: " + String.join(", ", IDS);
    }

    private static String resource(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bundled optimizer name must match " + NAME + ", got \"" + name + "\"");
        }
        return DIRECTORY + name + SUFFIX;
    }

    private static URL find(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(resource);
        return url != null ? url : BundledOptimizers.class.getClassLoader().getResource(resource);
    }

    private static LstmWeights cached(URL url) {
        return READ.computeIfAbsent(url.toString(), key -> read(url));
    }

    /** Reads a resource from a directory or, through a private zip file system, from inside a jar. */
    private static LstmWeights read(URL url) {
        try {
            switch (url.getProtocol()) {
                case "file":
                    return OptimizerFile.read(Path.of(url.toURI())).weights();
                case "jar":
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    Path jar = Path.of(connection.getJarFileURL().toURI());
                    try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                        return OptimizerFile.read(zip.getPath(connection.getEntryName())).weights();
                    }
                default:
                    throw new IllegalStateException("cannot read bundled optimizer " + url + ": only file: and"
                            + " jar: resources are supported");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bundled optimizer " + url + " is unreadable: " + e.getMessage(), e);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate bundled optimizer " + url + ": " + e.getMessage(), e);
        }
    }
}
