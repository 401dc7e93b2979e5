package io.paddock.bench.cli;

import io.paddock.bench.load.Progress;
import io.paddock.bench.report.BenchReport;
import io.paddock.bench.report.DiskSync;
import io.paddock.bench.report.Machine;
import io.paddock.bench.report.MarkdownReport;
import io.paddock.bench.report.MemoryRecord;
import io.paddock.bench.report.ReportFiles;
import io.paddock.bench.report.RunRecord;
import io.paddock.bench.run.MemoryRecovery;
import io.paddock.bench.run.Point;
import io.paddock.bench.run.PointRunner;
import io.paddock.bench.run.SideBySide;
import io.paddock.bench.run.Workspace;
import io.paddock.bench.server.ServerKind;
import io.paddock.bench.server.ServerSetup;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code paddock-bench <mode> [flags]}; see {@link Usage}. The only class of the bench that reads system
 * properties: {@code paddock.repo} (the Paddock work tree whose server/target to run; bin/paddock-bench sets
 * it) and {@code paddock.bench.command} (the command line as typed, for the report).
 */
public final class BenchMain {
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Usage.TEXT);
            System.exit(args.length == 0 ? EXIT_USAGE : 0);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("paddock-bench: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        Path repo = Path.of(System.getProperty("paddock.repo", ".")).toAbsolutePath().normalize();
        String command = System.getProperty("paddock.bench.command", "paddock-bench " + String.join(" ", args));
        try {
            BenchReport report = execute(options, repo, command, Progress.toStderr());
            System.out.println();
            System.out.print(MarkdownReport.render(report));
            System.out.println("Report written to " + options.out().toAbsolutePath());
            System.exit(0);
        } catch (Exception e) {
            System.err.println();
            System.err.println("paddock-bench failed: " + e);
            e.printStackTrace();
            System.exit(EXIT_FAILED);
        }
    }

    /** Parses args and runs; what the smoke test calls. */
    public static BenchReport execute(String[] args, Path repo, String command, Progress progress) throws Exception {
        return execute(Options.parse(args), repo, command, progress);
    }

    static BenchReport execute(Options o, Path repo, String command, Progress progress) throws Exception {
        Files.createDirectories(o.out());
        List<RunRecord> runs = new ArrayList<>();
        List<MemoryRecord> memory = new ArrayList<>();
        List<ServerSetup> setups = setups(o, repo);
        try (Workspace workspace = new Workspace(o.out())) {
            switch (o.mode()) {
                case SIDE_BY_SIDE -> runs.addAll(new SideBySide(setups, Plan.points(o), o.rounds(), workspace,
                        progress, o.clientSocket()).run());
                case MEMORY -> memory.addAll(new MemoryRecovery(setups, o.znodes(), o.valueBytes(), workspace,
                        progress, o.clientSocket()).run());
                case ALL, SMOKE -> {
                    runs.addAll(new SideBySide(setups, Plan.points(o), o.rounds(), workspace, progress,
                            o.clientSocket()).run());
                    memory.addAll(new MemoryRecovery(setups, o.znodes(), o.valueBytes(), workspace, progress,
                            o.clientSocket()).run());
                }
                case LOAD -> runs.addAll(load(o, progress));
            }
        }
        BenchReport report = new BenchReport(title(o), Machine.describe(), command, o.settings(), runs, memory,
                notes(o, DiskSync.medianMs(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))));
        ReportFiles.write(report, o.out());
        return report;
    }

    private static List<RunRecord> load(Options o, Progress progress) throws Exception {
        PointRunner runner = new PointRunner(progress, o.clientSocket());
        List<RunRecord> runs = new ArrayList<>();
        for (Point point : Plan.points(o)) {
            for (int round = 1; round <= o.rounds(); round++) {
                runs.add(runner.run(point, ServerKind.EXTERNAL, o.connect(), null, round, o.rounds()));
            }
        }
        return runs;
    }

    static List<ServerSetup> setups(Options o, Path repo) {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<ServerSetup> setups = new ArrayList<>();
        for (ServerKind kind : o.servers()) {
            setups.add(switch (kind) {
                case PADDOCK -> o.paddockClasspath().isEmpty()
                        ? ServerSetup.paddock(repo, javaBin, o.serverJvmFlags(), o.forceSync())
                        : new ServerSetup(ServerKind.PADDOCK, javaBin, o.paddockClasspath(), ServerSetup.PADDOCK_MAIN,
                                o.serverJvmFlags(), o.forceSync());
                case ZOOKEEPER -> ServerSetup.zookeeper(repo.resolve("bench/target/zookeeper-lib"), javaBin,
                        o.serverJvmFlags(), o.forceSync());
                case EXTERNAL -> throw new IllegalArgumentException("--servers takes paddock and zookeeper");
            });
        }
        return setups;
    }

    private static String title(Options o) {
        return (o.mode() == Mode.LOAD ? "paddock-bench load against " + o.connect()
                : "Paddock vs Apache ZooKeeper 3.9.5") + ", " + LocalDate.now();
    }

    private static List<String> notes(Options o, double fsyncMs) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> notes = new ArrayList<>();
        notes.add("The bench client (stock ZooKeeper 3.9.5 Java client, async API, " + o.sessions()
                + " sessions, " + o.clientSocket().key() + " client socket) runs on " + cores + " cores"
                + (o.mode() == Mode.LOAD ? "" : ", the same as the server under test, and competes with it for CPU")
                + "; report.json has the client's CPU seconds per run (clientCpuSeconds).");
        notes.add(o.rate() > 0 ? "Paced open loop at " + o.rate() + " requests/s: latency from each request's"
                + " intended send time." : "Closed loop, " + o.inFlight() + " requests outstanding per session:"
                + " latency from the actual send, so it is the latency at saturation.");
        if (o.mode() == Mode.LOAD) {
            return notes;
        }
        notes.add(String.format("forceSync=%s for both (ZooKeeper: its txn log; Paddock: its RocksDB log); a"
                + " 4 KiB append + fsync in the temp dir that holds both data dirs takes %.2f ms (median).",
                o.forceSync() ? "yes" : "no", fsyncMs));
        notes.add("Both servers run standalone; ZooKeeper with its defaults (NIOServerCnxnFactory, snapCount"
                + " 100000), both logging at INFO to their log file.");
        return notes;
    }
}
