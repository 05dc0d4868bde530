package org.l2l4j.lstm;

import org.l2l4j.core.VectorApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the LSTM kernel implementation: the Vector API one if its module is enabled, else plain Java. */
final class Kernels {

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    static {
        if (VectorApi.present()) {
            LOG.info("LSTM kernel: Java Vector API ({})", VectorLstmKernel.speciesDescription());
        } else {
            LOG.info("LSTM kernel: plain Java (start the JVM with --add-modules jdk.incubator.vector for the"
                    + " faster Vector API kernel)");
        }
    }

    private Kernels() {
    }

    static LstmKernel best(int threads) {
        return VectorApi.present() ? vector(threads) : plain(threads);
    }

    /** One kernel with a thread per core for the whole process, made on first use. */
    static LstmKernel shared() {
        return Shared.KERNEL;
    }

    private static final class Shared {
        static final LstmKernel KERNEL = best(Runtime.getRuntime().availableProcessors());
    }

    /** The plain-Java kernel, whatever modules are enabled. */
    static LstmKernel plain(int threads) {
        return new PlainLstmKernel(threads);
    }

    /** The Vector API kernel; fails if {@code jdk.incubator.vector} is not enabled. */
    static LstmKernel vector(int threads) {
        if (!VectorApi.present()) {
            throw new IllegalStateException("the Vector API kernel needs --add-modules jdk.incubator.vector");
        }
        return new VectorLstmKernel(threads);
    }
}
