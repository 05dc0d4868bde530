package org.l2l4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The JVM heap's high-water mark since {@link #reset}: the sum of the heap pools' peaks (an upper bound on
 * the peak of their sum). It counts garbage not yet collected, so it tracks the collector's sizing as
 * well as what the work holds; off-heap memory (ND4J's buffers, the kernel's) is not in it.
 */
final class HeapPeak {

    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

    private HeapPeak() {
    }

    static void reset() {
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long bytes() {
        return HEAP.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
