package org.l2l4j.optimizee;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** The minibatches of a DL4J iterator, over and over: the iterator is reset whenever it is exhausted. */
final class IteratorBatches implements BatchSource {

    private final MultiDataSetIterator iterator;

    IteratorBatches(MultiDataSetIterator iterator) {
        this.iterator = iterator;
    }

    @Override
    public MultiDataSet next() {
        if (!iterator.hasNext()) {
            if (!iterator.resetSupported()) {
                throw new IllegalStateException("the data iterator " + iterator.getClass().getName()
                        + " is exhausted and does not support reset");
            }
            iterator.reset();
            if (!iterator.hasNext()) {
                throw new IllegalStateException("the data iterator " + iterator.getClass().getName()
                        + " has no minibatch even after reset");
            }
        }
        return iterator.next();
    }

    @Override
    public MultiDataSet again(long index) {
        throw new UnsupportedOperationException("an optimizee fed by a data iterator cannot evaluate an earlier"
                + " minibatch again, as the full meta-gradient needs; meta-train it with the first-order one");
    }
}
