package io.paddock.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from Linux's /proc/[pid]/stat and /proc/[pid]/status. Both
 * count every thread of the process: the server's network, loop, GC and JIT threads alike.
 */
public final class ProcStat {
    /** USER_HZ: the unit of utime and stime. It is 100 on every Linux the bench targets (getconf CLK_TCK). */
    static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final int UTIME_FIELD = 14;
    private static final int STIME_FIELD = 15;

    private ProcStat() {
    }

    /** A sample of one process; cpuSeconds is user plus system time since it started. */
    public record Sample(long pid, double cpuSeconds, long rssBytes, long rssPeakBytes) {
    }

    public static Sample sample(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            double cpuSeconds = cpuSeconds(Files.readString(proc.resolve("stat")));
            String status = Files.readString(proc.resolve("status"));
            return new Sample(pid, cpuSeconds, statusKib(status, "VmRSS:") * 1024,
                    statusKib(status, "VmHWM:") * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc for pid " + pid + " (has it exited?)", e);
        }
    }

    public static Sample self() {
        return sample(ProcessHandle.current().pid());
    }

    /** User plus system seconds from a stat line; the command name may hold spaces and parentheses. */
    static double cpuSeconds(String statLine) {
        int afterName = statLine.lastIndexOf(')');
        if (afterName < 0) {
            throw new IllegalArgumentException("not a /proc/[pid]/stat line: " + statLine);
        }
        // Field 3 (state) is the first after the name, so field n is at index n - 3 of the rest.
        String[] fields = statLine.substring(afterName + 2).trim().split(" +");
        long ticks = Long.parseLong(fields[UTIME_FIELD - 3]) + Long.parseLong(fields[STIME_FIELD - 3]);
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** A "Name:   1234 kB" line of /proc/[pid]/status, in KiB; 0 when absent (a zombie has no VmRSS). */
    static long statusKib(String status, String label) {
        return status.lines().filter(line -> line.startsWith(label)).findFirst()
                .map(line -> line.substring(label.length()).trim().split("\\s+")[0])
                .map(Long::parseLong).orElse(0L);
    }
}
