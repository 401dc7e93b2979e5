package io.paddock.bench.report;

import io.paddock.bench.load.LoadResult;
import io.paddock.bench.server.ServerKind;

/**
 * One measured run of one workload point on one server: what the client saw plus what the server spent.
 *
 * @param point            the workload point, e.g. "rw-90" or "churn-seq"
 * @param serverCpuSeconds user + system CPU of the server process during the measured window
 * @param rssBytes         the server's resident set at the end of the window
 * @param otherCpuShare    the share of the machine's CPU capacity (cores x window) that other user processes
 *                         (not the server, not the bench; kernel threads left out) used: noise when above 0
 */
public record RunRecord(String point, ServerKind server, int round, LoadResult load, double serverCpuSeconds,
                        long rssBytes, double otherCpuShare) {

    /** Server CPU microseconds per successful request; NaN when nothing succeeded. */
    public double cpuUsPerOp() {
        return load.succeeded() == 0 ? Double.NaN : serverCpuSeconds * 1e6 / load.succeeded();
    }
}
