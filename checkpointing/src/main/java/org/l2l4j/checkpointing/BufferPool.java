package org.l2l4j.checkpointing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** A list of reusable buffers that grows on demand and counts the bytes it holds. */
final class BufferPool<T> {

    private final List<T> buffers = new ArrayList<>();
    private final Supplier<T> allocate;
    private final long bytesEach;

    BufferPool(Supplier<T> allocate, long bytesEach) {
        this.allocate = allocate;
        this.bytesEach = bytesEach;
    }

    T get(int i) {
        while (buffers.size() <= i) {
            buffers.add(allocate.get());
        }
        return buffers.get(i);
    }

    long bytes() {
        return buffers.size() * bytesEach;
    }
}
