package org.l2l4j.meta.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Meta-batches that run outside this JVM, on a cluster, found with {@link ServiceLoader}: the spark module
 * provides them, so a program has them exactly when that module is on its classpath, and needs no
 * dependency on it to compile.
 */
public interface RemoteMetaBatches {

    /**
     * A meta-batch on the cluster {@code master}, for the problem of {@code problemSpecs} (one family, or a
     * mixture of several; their data in
     * {@code dataOrNull}, a path the cluster's machines can read) and {@code settings}. Close it when done.
     *
     * @throws IllegalArgumentException if {@code master} is not a cluster address the provider understands
     */
    MetaBatch open(String master, List<String> problemSpecs, Path dataOrNull, MetaTrainingSettings settings);

    /** The provider on the classpath, if any. */
    static Optional<RemoteMetaBatches> find() {
        return ServiceLoader.load(RemoteMetaBatches.class).findFirst();
    }
}
