/**
 * What gets trained: problem families that sample {@link org.l2l4j.core.Optimizee}s. Quadratics,
 * the MLP on MNIST, an adapter that makes any DL4J network plus a {@code DataSetIterator} an optimizee,
 * the IDX data loader with the embedded MNIST subset, and the problem specs the CLI takes.
 */
package org.l2l4j.optimizee;
