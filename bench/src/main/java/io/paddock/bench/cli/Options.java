package io.paddock.bench.cli;

import io.paddock.bench.load.ClientSocket;
import io.paddock.bench.server.ServerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed command line; every default is here. */
record Options(Mode mode, Duration duration, Duration warmup, int rounds, List<Integer> readPercents,
               List<String> workloads, int sessions, int inFlight, double rate, int valueBytes, int keys,
               int largeValueBytes, int largeInFlight, int fanout, int multiOps, List<Long> znodes, String heap,
               List<String> jvmFlags, boolean forceSync, List<ServerKind> servers, Path out, String connect,
               String paddockClasspath, ClientSocket clientSocket) {

    static final List<String> ALL_WORKLOADS =
            List.of("rw", "churn-seq", "churn-eph", "fanout", "connect", "large", "multi");

    static Options defaults(Mode mode) {
        Options base = new Options(mode, Duration.ofSeconds(20), Duration.ofSeconds(5), 3, List.of(0, 50, 90, 100),
                ALL_WORKLOADS, 8, 32, 0, 100, 10_000, 1_000_000, 2, 64, 8, List.of(100_000L, 1_000_000L), "2g",
                List.of(), true, List.of(ServerKind.PADDOCK, ServerKind.ZOOKEEPER), Path.of("bench-results"),
                "127.0.0.1:2181", "", ClientSocket.NETTY);
        if (mode == Mode.SMOKE) {
            return base.with(b -> {
                b.duration = Duration.ofMillis(500);
                b.warmup = Duration.ofMillis(100);
                b.rounds = 1;
                b.readPercents = List.of(0, 100);
                b.keys = 1_000;
                b.fanout = 16;
                b.znodes = List.of(2_000L);
                b.heap = "512m";
                b.out = Path.of("bench-results", "smoke");
            });
        }
        return base;
    }

    static Options parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no mode given; see --help");
        }
        Options options = defaults(Mode.of(args[0]));
        Builder b = new Builder(options);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + arg + "\"; see --help");
            }
            String flag;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flag = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                flag = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + flag + " needs a value");
                }
                value = args[++i];
            }
            b.set(flag, value);
        }
        return b.build();
    }

    /** The JVM flags both servers get: the heap, G1, then --jvm-flags. */
    List<String> serverJvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        flags.addAll(jvmFlags);
        return flags;
    }

    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mode", mode.key());
        settings.put("duration", duration.toMillis() / 1000.0 + " s");
        settings.put("warmup", warmup.toMillis() / 1000.0 + " s");
        settings.put("rounds", rounds);
        settings.put("sessions", sessions);
        settings.put("clientSocket", clientSocket.key());
        settings.put(rate > 0 ? "rateOpsPerSec" : "inFlightPerSession", rate > 0 ? rate : inFlight);
        if (mode == Mode.LOAD) {
            // The server was started by someone else: its flags and forceSync are not ours to report.
            settings.put("connect", connect);
            return settings;
        }
        settings.put("serverJvmFlags", String.join(" ", serverJvmFlags()));
        settings.put("forceSync", forceSync ? "yes" : "no");
        return settings;
    }

    private Options with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** Mutable while parsing. */
    private static final class Builder {
        Mode mode;
        Duration duration;
        Duration warmup;
        int rounds;
        List<Integer> readPercents;
        List<String> workloads;
        int sessions;
        int inFlight;
        double rate;
        int valueBytes;
        int keys;
        int largeValueBytes;
        int largeInFlight;
        int fanout;
        int multiOps;
        List<Long> znodes;
        String heap;
        List<String> jvmFlags;
        boolean forceSync;
        List<ServerKind> servers;
        Path out;
        String connect;
        String paddockClasspath;
        ClientSocket clientSocket;

        Builder(Options o) {
            mode = o.mode;
            duration = o.duration;
            warmup = o.warmup;
            rounds = o.rounds;
            readPercents = o.readPercents;
            workloads = o.workloads;
            sessions = o.sessions;
            inFlight = o.inFlight;
            rate = o.rate;
            valueBytes = o.valueBytes;
            keys = o.keys;
            largeValueBytes = o.largeValueBytes;
            largeInFlight = o.largeInFlight;
            fanout = o.fanout;
            multiOps = o.multiOps;
            znodes = o.znodes;
            heap = o.heap;
            jvmFlags = o.jvmFlags;
            forceSync = o.forceSync;
            servers = o.servers;
            out = o.out;
            connect = o.connect;
            paddockClasspath = o.paddockClasspath;
            clientSocket = o.clientSocket;
        }

        void set(String flag, String value) {
            switch (flag) {
                case "duration" -> duration = Units.duration(value);
                case "warmup" -> warmup = Units.duration(value);
                case "rounds" -> rounds = positive(flag, Units.count(value));
                case "reads" -> readPercents = list(value).stream().map(Integer::parseInt).toList();
                case "workloads" -> workloads = workloads(value);
                case "sessions" -> sessions = positive(flag, Units.count(value));
                case "in-flight" -> inFlight = positive(flag, Units.count(value));
                case "rate" -> rate = Double.parseDouble(value);
                case "value-size" -> valueBytes = (int) Units.count(value);
                case "keys" -> keys = positive(flag, Units.count(value));
                case "large-value-size" -> largeValueBytes = positive(flag, Units.count(value));
                case "large-in-flight" -> largeInFlight = positive(flag, Units.count(value));
                case "fanout" -> fanout = positive(flag, Units.count(value));
                case "multi-ops" -> multiOps = positive(flag, Units.count(value));
                case "znodes" -> znodes = list(value).stream().map(Units::count).toList();
                case "heap" -> heap = value;
                case "jvm-flags" -> jvmFlags = value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
                case "force-sync" -> forceSync = yesNo(value);
                case "servers" -> servers = list(value).stream().map(ServerKind::of).toList();
                case "out" -> out = Path.of(value);
                case "connect" -> connect = value;
                case "paddock-classpath" -> paddockClasspath = value;
                case "client-socket" -> clientSocket = ClientSocket.of(value);
                default -> throw new IllegalArgumentException("unknown flag --" + flag + "; see --help");
            }
        }

        Options build() {
            for (int percent : readPercents) {
                if (percent < 0 || percent > 100) {
                    throw new IllegalArgumentException("--reads takes percentages 0..100, got " + percent);
                }
            }
            if (largeValueBytes > 1_000_000) {
                throw new IllegalArgumentException("--large-value-size is at most 1000000: a request must stay"
                        + " under jute.maxbuffer (1 MiB) with its header");
            }
            return new Options(mode, duration, warmup, rounds, List.copyOf(readPercents), List.copyOf(workloads),
                    sessions, inFlight, rate, valueBytes, keys, largeValueBytes, largeInFlight, fanout, multiOps,
                    List.copyOf(znodes), heap, List.copyOf(jvmFlags), forceSync, List.copyOf(servers), out,
                    connect, paddockClasspath, clientSocket);
        }

        private static List<String> workloads(String value) {
            List<String> names = list(value);
            for (String name : names) {
                if (!ALL_WORKLOADS.contains(name)) {
                    throw new IllegalArgumentException("unknown workload \"" + name + "\"; one of " + ALL_WORKLOADS);
                }
            }
            return names;
        }

        private static List<String> list(String value) {
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private static int positive(String flag, long value) {
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--" + flag + " must be a positive number, got " + value);
            }
            return (int) value;
        }

        private static boolean yesNo(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "yes", "true", "on" -> true;
                case "no", "false", "off" -> false;
                default -> throw new IllegalArgumentException("--force-sync takes yes or no, got " + value);
            };
        }
    }
}
