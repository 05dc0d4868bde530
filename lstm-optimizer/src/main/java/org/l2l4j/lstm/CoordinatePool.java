package org.l2l4j.lstm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of {@code parts} threads, the caller plus {@code parts − 1} persistent daemon workers,
 * that runs one task per part and returns when all are done. Dispatch allocates nothing; waiting spins
 * briefly and then parks, so idle workers cost no CPU.
 */
final class CoordinatePool {

    /** Work for one part. */
    interface Task {
        void run(int part);
    }

    private static final int SPINS = 2_000;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int activeParts;
    private volatile long generation;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;

    CoordinatePool(int parts, String name) {
        if (parts < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + parts);
        }
        workers = new Thread[parts - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> workLoop(part), name + "-" + part);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    int parts() {
        return workers.length + 1;
    }

    /** Runs {@code task.run(p)} for p = 0..active−1 (p = 0 in the caller) and waits for all of them. */
    void run(Task task, int active) {
        if (active < 1 || active > parts()) {
            throw new IllegalArgumentException("active parts must be in [1, " + parts() + "], got " + active);
        }
        if (closed) {
            throw new IllegalStateException("the LSTM kernel was closed");
        }
        if (active == 1) {
            task.run(0);
            return;
        }
        this.task = task;
        this.activeParts = active;
        this.caller = Thread.currentThread();
        this.failure = null;
        pending.set(active - 1);
        generation++;
        for (int w = 0; w < active - 1; w++) {
            LockSupport.unpark(workers[w]);
        }
        Throwable own = null;
        try {
            task.run(0);
        } catch (Throwable t) {
            own = t;
        }
        for (int spin = 0; pending.get() != 0; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        this.task = null;
        Throwable failed = own != null ? own : failure;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
    }

    /** Lets the workers end; the pool must not be used afterwards. */
    void close() {
        closed = true;
        generation++;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    private void workLoop(int part) {
        long seen = 0;
        while (true) {
            for (int spin = 0; generation == seen; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            if (closed) {
                return;
            }
            if (part < activeParts) {
                try {
                    task.run(part);
                } catch (Throwable t) {
                    failure = t;
                }
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
