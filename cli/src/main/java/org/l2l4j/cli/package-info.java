/**
 * The {@code l2l} command: meta-train, evaluate, compare, the evaluation suite, plot, bench.
 */
package org.l2l4j.cli;
