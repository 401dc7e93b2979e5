package io.paddock.bench.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of the user processes on the machine other than the ones measured: the noise of a run. Kernel
 * threads are left out (they do the servers' network and disk work too). Only processes alive at the end of
 * the window count, by their utime + stime: a process that exits within the window is missed, so this is a
 * lower bound. (Its reaped time lands in its parent's cutime all at once, whatever the window, so cutime
 * cannot be used.)
 */
public final class OtherProcesses {
    /** PF_KTHREAD in the flags field (9) of /proc/[pid]/stat. */
    private static final long KERNEL_THREAD_FLAG = 0x00200000L;
    private static final int FLAGS_FIELD = 9;

    private final Set<Long> excludedPids;
    private final Map<Long, Double> cpuSecondsByPid;

    private OtherProcesses(Set<Long> excludedPids, Map<Long, Double> cpuSecondsByPid) {
        this.excludedPids = excludedPids;
        this.cpuSecondsByPid = cpuSecondsByPid;
    }

    public static OtherProcesses sample(Set<Long> excludedPids) {
        Map<Long, Double> cpu = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (excludedPids.contains(pid)) {
                    continue;
                }
                try {
                    double seconds = userProcessCpuSeconds(Files.readString(dir.resolve("stat")));
                    if (seconds >= 0) {
                        cpu.put(pid, seconds);
                    }
                } catch (IOException exited) {
                    // gone between the listing and the read
                }
            }
        } catch (IOException e) {
            return new OtherProcesses(excludedPids, Map.of());
        }
        return new OtherProcesses(excludedPids, cpu);
    }

    /** CPU seconds the other processes used from earlier to this sample; new processes count from zero. */
    public double cpuSecondsSince(OtherProcesses earlier) {
        double total = 0;
        for (Map.Entry<Long, Double> entry : cpuSecondsByPid.entrySet()) {
            total += Math.max(0, entry.getValue() - earlier.cpuSecondsByPid.getOrDefault(entry.getKey(), 0.0));
        }
        return total;
    }

    /** utime + stime of a stat line, or -1 for a kernel thread. */
    static double userProcessCpuSeconds(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" +");
        if ((Long.parseLong(f[FLAGS_FIELD - 3]) & KERNEL_THREAD_FLAG) != 0) {
            return -1;
        }
        long ticks = 0;
        for (int field = 14; field <= 15; field++) {
            ticks += Long.parseLong(f[field - 3]);
        }
        return ticks / (double) ProcStat.CLOCK_TICKS_PER_SECOND;
    }

    Set<Long> excludedPids() {
        return excludedPids;
    }
}
