package io.paddock.server.admin;

import io.paddock.server.main.ServerConfig;
import io.paddock.server.replica.Replica;
import io.paddock.server.runtime.ConnectionStats;
import io.paddock.server.runtime.ReplicaLoop;
import io.paddock.server.runtime.ServerCounters;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The four-letter words of the client port, formatted as ZooKeeper 3.9 formats them. Views of core state
 * are computed on the replica loop thread; traffic figures come from the micrometer meters.
 */
public final class FourLetterWords {
    private final ServerConfig config;
    private final ReplicaLoop loop;
    private final ServerCounters counters;
    private final IntSupplier connectionCount;

    public FourLetterWords(ServerConfig config, ReplicaLoop loop, ServerCounters counters, IntSupplier connectionCount) {
        this.config = config;
        this.loop = loop;
        this.counters = counters;
        this.connectionCount = connectionCount;
    }

    public CompletableFuture<String> run(String word) {
        if (!config.fourLetterWordEnabled(word)) {
            return CompletableFuture.completedFuture(word + " is not executed because it is not in the whitelist.\n");
        }
        return switch (word) {
            case "ruok" -> CompletableFuture.completedFuture("imok");
            case "isro" -> CompletableFuture.completedFuture("rw");
            case "srvr" -> loop.query(r -> serverStats(r, false));
            case "stat" -> loop.query(r -> serverStats(r, true));
            default -> CompletableFuture.completedFuture("Paddock does not implement " + word + " yet\n");
        };
    }

    private String serverStats(Replica replica, boolean withClients) {
        StringBuilder b = new StringBuilder();
        b.append("Zookeeper version: ").append(Version.fullVersion()).append('\n');
        if (withClients) {
            b.append("Clients:\n");
            for (ConnectionStats c : counters.connections()) {
                b.append(c.consLine(true)).append('\n');
            }
            b.append('\n');
        }
        b.append("Latency min/avg/max: ").append(counters.minLatencyMs()).append('/')
                .append(String.format(Locale.ROOT, "%.4f", counters.avgLatencyMs())).append('/')
                .append(counters.maxLatencyMs()).append('\n');
        b.append("Received: ").append(counters.packetsReceived()).append('\n');
        b.append("Sent: ").append(counters.packetsSent()).append('\n');
        b.append("Connections: ").append(connectionCount.getAsInt()).append('\n');
        b.append("Outstanding: ").append(replica.queuedRequests()).append('\n');
        b.append("Zxid: 0x").append(Long.toHexString(replica.stateMachine().lastAppliedZxid())).append('\n');
        b.append("Mode: standalone\n");
        b.append("Node count: ").append(replica.stateMachine().tree().nodeCount()).append('\n');
        return b.toString();
    }
}
