package io.paddock.server.admin;

import io.paddock.server.replica.Replica;
import io.paddock.server.runtime.ConnectionStats;
import io.paddock.server.runtime.ServerCounters;

/**
 * The texts of srvr, stat and cons: ZooKeeper's StatCommand (ServerStats.toString plus the node count)
 * and ConsCommand (ServerCnxn.dumpConnectionInfo per connection). Core figures are read on the loop
 * thread; traffic figures come from the meters.
 */
final class StatsText {
    private final ServerCounters counters;
    private final Traffic traffic;

    StatsText(ServerCounters counters, Traffic traffic) {
        this.counters = counters;
        this.traffic = traffic;
    }

    /** srvr (withClients false) and stat (true); runs on the loop thread. */
    String serverStats(Replica replica, int connections, boolean withClients) {
        StringBuilder b = new StringBuilder();
        b.append("Zookeeper version: ").append(Version.fullVersion()).append('\n');
        if (withClients) {
            b.append("Clients:\n");
            for (ConnectionStats c : counters.connections()) {
                b.append(c.consLine(true)).append('\n');
            }
            b.append('\n');
        }
        b.append(traffic.statsLines(connections, replica.queuedRequests(),
                replica.stateMachine().lastAppliedZxid()));
        b.append("Mode: ").append(Monitor.SERVER_STATE).append('\n');
        b.append("Node count: ").append(replica.stateMachine().tree().nodeCount()).append('\n');
        return b.toString();
    }

    /** cons: every connection in full, then an empty line. */
    String connections() {
        StringBuilder b = new StringBuilder();
        for (ConnectionStats c : counters.connections()) {
            b.append(c.consLine(false)).append('\n');
        }
        return b.append('\n').toString();
    }
}
