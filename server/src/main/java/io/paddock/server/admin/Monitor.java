package io.paddock.server.admin;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paddock.server.runtime.ServerCounters;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * mntr. Every figure it prints is a micrometer meter of the server's registry: the gauges registered here
 * under ZooKeeper's metric names (so any other exporter of the registry reports the same numbers) and
 * {@link ServerCounters}' packet counters. The text is ZooKeeper's MonitorCommand: "zk_" + name, a tab,
 * the value; integers as integers, other numbers as doubles.
 *
 * <p>We print the keys ZooKeeper 3.9 prints in standalone mode that mean something here, in the order its
 * ZooKeeperServer.registerMetrics registers them (ZooKeeper itself prints them in hash order). Left out:
 * the response-size, TLS, auth-failure and connection-throttle gauges (nothing here measures them) and the
 * per-request-processor counters and summaries of ServerMetrics (Paddock has no such processors).
 */
final class Monitor {
    static final String SERVER_STATE = "standalone";
    /** Carries version and server_state as tags: a gauge's value must be a number. */
    static final String SERVER_INFO = "server_info";

    private record Key(String name, boolean integral) {
    }

    private static final List<Key> GAUGES = List.of(
            new Key("avg_latency", false), new Key("max_latency", true), new Key("min_latency", true));
    private static final List<Key> GAUGES_AFTER_PACKETS = List.of(
            new Key("num_alive_connections", true), new Key("outstanding_requests", true),
            new Key("uptime", true), new Key("znode_count", true), new Key("watch_count", true),
            new Key("ephemerals_count", true), new Key("approximate_data_size", true),
            new Key("global_sessions", true), new Key("local_sessions", true),
            new Key("open_file_descriptor_count", true), new Key("max_file_descriptor_count", true));

    private final MeterRegistry registry;
    private final Traffic traffic;
    private final CoreFigures figures;

    Monitor(MeterRegistry registry, Traffic traffic, CoreFigures figures, IntSupplier connectionCount,
            ServerCounters.LongClock clock) {
        this.registry = registry;
        this.traffic = traffic;
        this.figures = figures;
        long startedAtMs = clock.nowMs();
        Gauge.builder(SERVER_INFO, () -> 1).tag("version", Version.fullVersion())
                .tag("server_state", SERVER_STATE).register(registry);
        gauge("avg_latency", traffic::avgLatencyMs);
        gauge("max_latency", traffic::maxLatencyMs);
        gauge("min_latency", traffic::minLatencyMs);
        gauge("num_alive_connections", connectionCount::getAsInt);
        gauge("outstanding_requests", () -> figures.read(figures.outstandingRequests));
        gauge("uptime", () -> clock.nowMs() - startedAtMs);
        gauge("znode_count", () -> figures.read(figures.znodeCount));
        gauge("watch_count", () -> figures.read(figures.watchCount));
        gauge("ephemerals_count", () -> figures.read(figures.ephemeralsCount));
        gauge("approximate_data_size", () -> figures.read(figures.approximateDataBytes));
        gauge("global_sessions", () -> figures.read(figures.sessionCount));
        // Paddock has no local sessions (localSessionsEnabled); ZooKeeper prints 0 then too.
        gauge("local_sessions", () -> 0);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        gauge("open_file_descriptor_count", () -> os instanceof UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1);
        gauge("max_file_descriptor_count", () -> os instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1);
    }

    private void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).register(registry);
    }

    /** Refreshes the core figures on the loop thread, then prints every key from the registry. */
    CompletableFuture<String> mntr() {
        return figures.refresh().thenApply(published -> text());
    }

    private String text() {
        Gauge info = registry.get(SERVER_INFO).gauge();
        StringBuilder b = new StringBuilder();
        line(b, "version", info.getId().getTag("version"));
        line(b, "server_state", info.getId().getTag("server_state"));
        for (Key key : GAUGES) {
            line(b, key, registry.get(key.name()).gauge().value());
        }
        line(b, "packets_received", Long.toString(traffic.packetsReceived()));
        line(b, "packets_sent", Long.toString(traffic.packetsSent()));
        for (Key key : GAUGES_AFTER_PACKETS) {
            line(b, key, registry.get(key.name()).gauge().value());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, Key key, double value) {
        line(b, key.name(), key.integral() ? Long.toString((long) value) : Double.toString(value));
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append("zk_").append(name).append('\t').append(value).append('\n');
    }
}
