/**
 * The learned update rule: gradient preprocessing, the coordinate-wise LSTM (forward and backward of one
 * step, on a fused Java Vector API kernel), its saved file format, and the DL4J updater adapter.
 */
package org.l2l4j.lstm;
