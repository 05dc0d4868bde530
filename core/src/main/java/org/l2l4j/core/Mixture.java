package org.l2l4j.core;

/**
 * A problem whose instances each come from one of several families: the family is a function of the
 * instance's seed, drawn with probabilities proportional to the families' weights.
 */
public interface Mixture extends Problem {

    /** Index of the family that the instance of {@code seed} comes from. */
    int familyOf(long seed);

    /**
     * Index of the family at {@code u} in [0, 1) on the unit interval cut, in the families' order, into
     * lengths proportional to their weights: a uniform u draws a family with the mixture's probabilities.
     */
    int familyAt(double u);
}
