package org.l2l4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a run came from, and how busy it is (Linux {@code /proc}; "unknown" elsewhere). */
record Machine(String cpu, int cores, double memoryGb, double[] loads, String java, String ompThreads) {

    /** Above this 1-minute load average the machine is not quiet enough for numbers worth keeping. */
    static final double QUIET_LOAD = 1.5;

    static Machine now() {
        String cpu = "unknown";
        double memoryGb = Double.NaN;
        double[] loads = {Double.NaN, Double.NaN, Double.NaN};
        try {
            List<String> info = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cpu = info.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            memoryGb = Long.parseLong(total) / 1e6 * 1.024;
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            for (int k = 0; k < loads.length; k++) {
                loads[k] = Double.parseDouble(fields[k]);
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: leave what could not be read as unknown.
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memoryGb, loads,
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                String.valueOf(System.getenv("OMP_NUM_THREADS")));
    }

    /** The 1-minute load average. */
    double load1() {
        return loads[0];
    }

    /** Whether the 1-minute load average is above {@link #QUIET_LOAD}. */
    boolean busy() {
        return load1() > QUIET_LOAD;
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GB, %s, OMP_NUM_THREADS=%s, load %.2f",
                cpu, cores, memoryGb, java, ompThreads, load1());
    }
}
