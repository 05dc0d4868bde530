/**
 * The {@code l2l} command: meta-train, evaluate, compare, plot, bench.
 */
package org.l2l4j.cli;
