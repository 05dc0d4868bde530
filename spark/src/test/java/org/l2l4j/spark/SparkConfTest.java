package org.l2l4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Spark configuration a master gets ({@link SparkMetaBatches#conf}). */
class SparkConfTest {

    /** Spark's default, 1 GB per executor whatever local-cluster's MB says, ran two MNIST partitions out of heap. */
    @Test
    void aLocalClusterExecutorGetsTheMemoryItsMasterNames() {
        assertEquals("3072m", SparkMetaBatches.conf("local-cluster[1,1,3072]").get("spark.executor.memory"));
        assertEquals("1024m", SparkMetaBatches.conf("local-cluster[2,1,1024]").get("spark.executor.memory"));
    }
}
