package io.paddock.server.admin;

import io.paddock.server.runtime.ServerCounters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide request figures as srvr, stat and mntr show them: the micrometer meters of
 * {@link ServerCounters}, less what srst set aside. Meters only ever grow (scrapers depend on that), so
 * srst records a baseline instead of zeroing them, and ZooKeeper's "reset" is a view over the meters.
 * Thread-safe.
 */
final class Traffic {
    private final ServerCounters counters;
    private final AtomicLong receivedBaseline = new AtomicLong();
    private final AtomicLong sentBaseline = new AtomicLong();

    Traffic(ServerCounters counters) {
        this.counters = counters;
    }

    long packetsReceived() {
        return Math.max(0, counters.packetsReceived() - receivedBaseline.get());
    }

    long packetsSent() {
        return Math.max(0, counters.packetsSent() - sentBaseline.get());
    }

    long minLatencyMs() {
        return counters.minLatencyMs();
    }

    long maxLatencyMs() {
        return counters.maxLatencyMs();
    }

    /** ZooKeeper's AvgMinMaxCounter.getAvg: the mean rounded half-up to four decimals. */
    double avgLatencyMs() {
        double mean = counters.avgLatencyMs();
        return new BigDecimal(mean).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    /** srst: ZooKeeper's ServerStats.reset (latency and packet counts). */
    void reset() {
        receivedBaseline.set(counters.packetsReceived());
        sentBaseline.set(counters.packetsSent());
        counters.resetLatency();
    }

    /** The lines ZooKeeper's ServerStats.toString prints before "Mode:". */
    String statsLines(int connections, long outstanding, long lastZxid) {
        return "Latency min/avg/max: " + minLatencyMs() + "/" + avgLatencyMs() + "/" + maxLatencyMs() + "\n"
                + "Received: " + packetsReceived() + "\n"
                + "Sent: " + packetsSent() + "\n"
                + "Connections: " + connections + "\n"
                + "Outstanding: " + outstanding + "\n"
                + "Zxid: 0x" + Long.toHexString(lastZxid) + "\n";
    }
}
