package org.l2l4j.optimizee;

import java.util.Optional;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Where an optimizee's minibatches come from: a new one on every call. */
interface BatchSource {

    /**
     * The next minibatch. It may be the same object, refilled, on every call, so it is valid until
     * the next call only.
     */
    MultiDataSet next();

    /**
     * The minibatch that call number {@code index} of {@link #next} returned (counting from 0), valid like
     * {@link #next}'s; the next call of {@link #next} continues the sequence as if this one had not
     * happened.
     *
     * @throws UnsupportedOperationException if this source cannot give that minibatch again (the default)
     */
    default MultiDataSet again(long index) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot give an earlier minibatch again");
    }

    /**
     * A reader of this source's earlier minibatches for another thread: its {@link #again} gives what this
     * source's would, in arrays of its own, so both can be used at once; it draws nothing, and its
     * {@link #next} throws.
     *
     * @return empty if this source cannot give minibatches again (the default)
     */
    default Optional<BatchSource> concurrentReader() {
        return Optional.empty();
    }
}
