package io.paddock.server.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-wide traffic figures as micrometer meters (what mntr and srvr report), and per-connection stats
 * (what cons reports). Thread-safe: the network threads count what arrives, the loop what leaves.
 */
public final class ServerCounters {
    private final MeterRegistry registry;
    private final Counter packetsReceived;
    private final Counter packetsSent;
    private volatile DistributionSummary latencyMs;
    private final AtomicLong minLatencyMs = new AtomicLong(Long.MAX_VALUE);
    private final Map<Long, ConnectionStats> connections = new ConcurrentHashMap<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final LongClock clock;

    /** Milliseconds of wall time; a parameter so that tests may fix it. */
    public interface LongClock {
        long nowMs();
    }

    public ServerCounters(MeterRegistry registry, LongClock clock) {
        this.registry = registry;
        this.clock = clock;
        this.packetsReceived = Counter.builder("packets_received").register(registry);
        this.packetsSent = Counter.builder("packets_sent").register(registry);
        this.latencyMs = DistributionSummary.builder("request_latency_ms").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public ConnectionStats opened(long connectionId, InetSocketAddress remote) {
        ConnectionStats stats = new ConnectionStats(connectionId, remote, clock.nowMs(), outstanding);
        connections.put(connectionId, stats);
        return stats;
    }

    public void closed(long connectionId) {
        ConnectionStats stats = connections.remove(connectionId);
        if (stats != null) {
            stats.release();
        }
    }

    /** Requests received and not yet answered, across all connections. */
    public long outstanding() {
        return outstanding.get();
    }

    public void received(long connectionId, int xid, String op) {
        received(connectionId, xid, op, true);
    }

    public void receivedConnect(long connectionId) {
        received(connectionId, 0, "CONNECT", false);
    }

    private void received(long connectionId, int xid, String op, boolean awaitsReply) {
        packetsReceived.increment();
        ConnectionStats stats = connections.get(connectionId);
        if (stats != null) {
            stats.received(xid, op, clock.nowMs(), awaitsReply);
        }
    }

    void packetSent(long connectionId) {
        packetsSent.increment();
        ConnectionStats stats = connections.get(connectionId);
        if (stats != null) {
            stats.sent();
        }
    }

    void replied(long connectionId, int xid, long zxid) {
        packetsSent.increment();
        ConnectionStats stats = connections.get(connectionId);
        if (stats != null) {
            long latency = stats.replied(xid, zxid, clock.nowMs());
            if (latency >= 0) {
                latencyMs.record(latency);
                minLatencyMs.accumulateAndGet(latency, Math::min);
            }
        }
    }

    public void session(long connectionId, long sessionId, int timeoutMs) {
        ConnectionStats stats = connections.get(connectionId);
        if (stats != null) {
            stats.session(sessionId, timeoutMs);
        }
    }

    public long packetsReceived() {
        return (long) packetsReceived.count();
    }

    public long packetsSent() {
        return (long) packetsSent.count();
    }

    public long minLatencyMs() {
        long min = minLatencyMs.get();
        return min == Long.MAX_VALUE ? 0 : min;
    }

    public double avgLatencyMs() {
        return latencyMs.count() == 0 ? 0 : latencyMs.mean();
    }

    public long maxLatencyMs() {
        return (long) latencyMs.max();
    }

    public long latencyCount() {
        return latencyMs.count();
    }

    public List<ConnectionStats> connections() {
        return connections.values().stream()
                .sorted((a, b) -> Long.compare(a.connectionId, b.connectionId)).toList();
    }

    /** srst / crst: ZooKeeper resets the server's and the connections' figures. */
    public void resetConnections() {
        connections.values().forEach(ConnectionStats::reset);
    }

    public void resetLatency() {
        // Meters cannot be reset; srst replaces the latency summary with a fresh one.
        minLatencyMs.set(Long.MAX_VALUE);
        registry.remove(latencyMs);
        latencyMs = DistributionSummary.builder("request_latency_ms").register(registry);
    }
}
