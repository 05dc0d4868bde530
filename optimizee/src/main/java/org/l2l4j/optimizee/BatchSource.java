package org.l2l4j.optimizee;

import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Where an optimizee's minibatches come from: a new one on every call. */
interface BatchSource {

    /**
     * The next minibatch. It may be the same object, refilled, on every call, so it is valid until
     * the next call only.
     */
    MultiDataSet next();
}
