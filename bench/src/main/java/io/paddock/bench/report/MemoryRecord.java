package io.paddock.bench.report;

import io.paddock.bench.server.ServerKind;

/**
 * One server holding {@code znodes} znodes of {@code valueBytes}, and its restart.
 *
 * @param startMs          fresh, empty server: process start to serving
 * @param populateSeconds  time to create the znodes (async creates, pipelined)
 * @param rssBeforeBytes   resident set of the empty server (after its sessions connected)
 * @param heapBeforeBytes  live heap of the empty server (after a full GC)
 * @param restartMs        the same data dir again: process start to serving
 * @param nodesAfterRestart what srvr's Node count said after the restart
 * @param restartComparable false when the server came back without the znodes (no persistence)
 */
public record MemoryRecord(ServerKind server, long znodes, int valueBytes, long startMs, double populateSeconds,
                           long populateErrors, long rssBeforeBytes, long rssAfterBytes, long heapBeforeBytes,
                           long heapAfterBytes, long restartMs, long nodesAfterRestart,
                           boolean restartComparable) {

    public double rssBytesPerZnode() {
        return (rssAfterBytes - rssBeforeBytes) / (double) znodes;
    }

    public double heapBytesPerZnode() {
        return (heapAfterBytes - heapBeforeBytes) / (double) znodes;
    }
}
