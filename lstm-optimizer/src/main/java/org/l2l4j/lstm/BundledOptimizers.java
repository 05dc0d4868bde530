package org.l2l4j.lstm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The trained optimizers shipped as classpath resources {@code org/l2l4j/lstm/bundled/<name>.l2l}, in the
 * {@link OptimizerFile} format. Looked up through the thread's context class loader, then this library's;
 * each resource is read once per JVM.
 */
final class BundledOptimizers {

    /** The optimizer {@link LearnedUpdater#bundled()} names. */
    static final String DEFAULT = "mnist";

    private static final String DIRECTORY = "org/l2l4j/lstm/bundled/";
    private static final String SUFFIX = ".l2l";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Map<String, LstmWeights> READ = new ConcurrentHashMap<>();

    private BundledOptimizers() {
    }

    /**
     * The weights of bundled optimizer {@code name}, shared: callers must not modify them.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name
     * @throws IllegalStateException    if no such resource is on the classpath
     * @throws UncheckedIOException     if the resource is not a valid optimizer file
     */
    static LstmWeights weights(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bundled optimizer name must match " + NAME + ", got \"" + name + "\"");
        }
        String resource = DIRECTORY + name + SUFFIX;
        URL url = find(resource);
        if (url == null) {
            throw new IllegalStateException("no bundled optimizer \"" + name + "\": the resource " + resource
                    + " is not on the classpath; load a trained file with LearnedUpdater.load(path) instead");
        }
        return READ.computeIfAbsent(url.toString(), key -> read(url));
    }

    private static URL find(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(resource);
        return url != null ? url : BundledOptimizers.class.getClassLoader().getResource(resource);
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
