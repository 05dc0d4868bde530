package org.l2l4j.meta.train;

import org.l2l4j.checkpointing.BackpropMemory;

/**
 * Memory and threads, which change how fast a run goes but not what it computes (up to the order of
 * per-thread sums): the BPTT {@code checkpointSegment} (0 = keep every step's activations) and the
 * kernel's {@code threads}.
 */
public record ComputeSettings(int checkpointSegment, int threads) {

    public ComputeSettings {
        SettingChecks.atLeast("checkpointSegment", checkpointSegment, 0);
        SettingChecks.atLeast("threads", threads, 1);
    }

    public BackpropMemory memory() {
        return checkpointSegment == 0 ? BackpropMemory.storeAll() : BackpropMemory.checkpointed(checkpointSegment);
    }
}
