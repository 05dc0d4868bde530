package org.l2l4j.meta.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.l2l4j.core.BatchGradient;
import org.l2l4j.core.Optimizee;

/**
 * Hessian-vector products of an optimizee's loss as central differences of its gradient on one minibatch
 * B: H·v ≈ (∇f(θ + εv; B) − ∇f(θ − εv; B)) / 2ε, where the largest coordinate of θ moves by
 * {@link #STEP} · max(‖θ‖∞, 1).
 *
 * <p>Concurrent, when the optimizee has a {@linkplain Optimizee#concurrentBatchGradient() second evaluator},
 * ∇f(θ − εv; B) runs on it in a helper thread while the optimizee computes ∇f(θ + εv; B) in the caller's.
 * Each gradient is the same arithmetic on the same arguments either way, so the product is the same to the
 * bit, serial or concurrent. The helper thread ends when it has been idle for a while.
 */
final class CentralDifference {

    /**
     * The step, relative: below the float32 optimum of a central difference, about ∛(float ε) ≈ 4e-3, and not
     * tuned; on a quadratic any step is exact but for rounding (UnrolledBpttTest).
     */
    static final double STEP = 1e-3;

    private final ThreadPoolExecutor helper; // null when serial
    private float[] thetaUp = new float[0];
    private float[] thetaDown = new float[0];
    private float[] gradientUp = new float[0];
    private float[] gradientDown = new float[0];

    /** @param concurrent whether the two gradients may run in two threads at once */
    CentralDifference(boolean concurrent) {
        if (concurrent) {
            helper = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "l2l-hessian");
                thread.setDaemon(true);
                return thread;
            });
            helper.allowCoreThreadTimeOut(true);
        } else {
            helper = null;
        }
    }

    /** Bytes of the four vectors it holds at {@code n} coordinates: the two points and their gradients. */
    static long bytes(int n) {
        return 4L * Float.BYTES * n;
    }

    /**
     * Adds H·v to {@code into}, H the Hessian of {@code optimizee}'s loss at θ on the minibatch its call
     * number {@code batch} drew. Nothing is added when v = 0.
     */
    void addProduct(Optimizee optimizee, long batch, float[] theta, float[] v, float[] into) {
        int n = theta.length;
        double vMax = 0;
        double thetaMax = 0;
        for (int i = 0; i < n; i++) {
            vMax = Math.max(vMax, Math.abs(v[i]));
            thetaMax = Math.max(thetaMax, Math.abs(theta[i]));
        }
        if (vMax == 0) {
            return;
        }
        if (thetaUp.length != n) {
            thetaUp = new float[n];
            thetaDown = new float[n];
            gradientUp = new float[n];
            gradientDown = new float[n];
        }
        float epsilon = (float) (STEP * Math.max(thetaMax, 1) / vMax);
        for (int i = 0; i < n; i++) {
            thetaUp[i] = theta[i] + epsilon * v[i];
            thetaDown[i] = theta[i] - epsilon * v[i];
        }
        BatchGradient second = helper == null ? null : optimizee.concurrentBatchGradient().orElse(null);
        if (second == null) {
            optimizee.lossAndGradientOnBatch(batch, thetaUp, gradientUp);
            optimizee.lossAndGradientOnBatch(batch, thetaDown, gradientDown);
        } else {
            Future<?> down = helper.submit(() -> second.lossAndGradientOnBatch(batch, thetaDown, gradientDown));
            try {
                optimizee.lossAndGradientOnBatch(batch, thetaUp, gradientUp);
            } finally {
                await(down);
            }
        }
        float half = 0.5f / epsilon;
        for (int i = 0; i < n; i++) {
            into[i] += (gradientUp[i] - gradientDown[i]) * half;
        }
    }

    private static void await(Future<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the helper writes into our buffers: wait for it to finish regardless
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
