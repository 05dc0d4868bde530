package org.l2l4j.meta.train;

import java.util.ArrayList;
import java.util.List;

/** The meta-batch in this JVM: one shard holding every task, unrolled one after another. */
final class LocalMetaBatch implements MetaBatch {

    private final MetaBatchShard<?> shard;
    private float[] taskGradient = new float[0];

    LocalMetaBatch(MetaBatchShard<?> shard) {
        this.shard = shard;
    }

    @Override
    public void start(int epoch, long[] seeds, int horizon) {
        shard.start(seeds, horizon);
    }

    @Override
    public List<UnrollResult> unroll(float[] phi, int steps, float[] sum) {
        if (taskGradient.length != phi.length) {
            taskGradient = new float[phi.length];
        }
        List<UnrollResult> unrolls = new ArrayList<>(shard.size());
        for (int task = 0; task < shard.size(); task++) {
            unrolls.add(shard.unroll(task, phi, steps, taskGradient));
            MetaBatch.add(sum, taskGradient);
        }
        return unrolls;
    }

    /** Peak bytes held for BPTT so far (the scheme's counted buffers plus the stored gradients). */
    long peakBytes() {
        return shard.peakBytes();
    }
}
