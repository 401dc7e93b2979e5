package io.paddock.bench.run;

import io.paddock.bench.load.ClientSocket;
import io.paddock.bench.load.LoadGenerator;
import io.paddock.bench.load.LoadResult;
import io.paddock.bench.load.MeasureWindow;
import io.paddock.bench.load.Progress;
import io.paddock.bench.load.Sessions;
import io.paddock.bench.load.Workload;
import io.paddock.bench.report.RunRecord;
import io.paddock.bench.server.OtherProcesses;
import io.paddock.bench.server.ProcStat;
import io.paddock.bench.server.ServerKind;
import io.paddock.bench.server.ServerProcess;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Runs one point once on one server and samples the server's CPU and RSS around the measured window. */
public final class PointRunner {
    private final Progress progress;
    private final ClientSocket socket;
    private final Set<String> prepared = new HashSet<>();

    public PointRunner(Progress progress, ClientSocket socket) {
        this.progress = progress;
        this.socket = socket;
    }

    public RunRecord run(Point point, ServerProcess server, int round, int rounds) throws Exception {
        return run(point, server.kind(), server.connectString(), server, round, rounds);
    }

    /** server is null when the bench did not start it (load mode): then there is no CPU or RSS to sample. */
    public RunRecord run(Point point, ServerKind kind, String connectString, ServerProcess server, int round, int rounds)
            throws Exception {
        String label = String.format("[%s | %s | round %d/%d]", point.id(), kind.displayName(), round, rounds);
        CpuWindow window = new CpuWindow(server);
        LoadResult result = point.isFanout() ? runFanout(point, kind, connectString, label, window)
                : runLoad(point, kind, connectString, label, window);
        if (server != null && !server.isAlive()) {
            throw new IOException(server + " died during " + point.id() + "; its log ends with:\n"
                    + server.logTail());
        }
        RunRecord record = new RunRecord(point.id(), kind, round, result, window.cpuSeconds(), window.rssBytes(),
                window.otherCpuShare());
        progress.note(String.format("%s %,.0f ops/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  server CPU %.1f µs/op"
                        + "  RSS %d MiB  others %.0f%% CPU  errors %s", label, result.throughput(), result.latency().p50Us() / 1000.0,
                result.latency().p99Us() / 1000.0, result.latency().maxUs() / 1000.0, record.cpuUsPerOp(),
                record.rssBytes() >> 20, record.otherCpuShare() * 100, result.errors().isEmpty() ? "0" : result.errors().toString()));
        return record;
    }

    private LoadResult runLoad(Point point, ServerKind kind, String connectString, String label,
                               CpuWindow window) throws Exception {
        Workload workload = point.workload().apply(connectString);
        try (Sessions sessions = Sessions.open(connectString, point.spec().sessions(), socket)) {
            if (prepared.add(point.id() + "@" + kind)) {
                workload.prepare(sessions.first());
            }
            return new LoadGenerator(workload, sessions.clients(), point.spec(), label, progress).run(window);
        } finally {
            workload.close();
        }
    }

    private LoadResult runFanout(Point point, ServerKind kind, String connectString, String label,
                                 CpuWindow window) throws Exception {
        try (Sessions writer = Sessions.open(connectString, 1, socket);
             Sessions watchers = Sessions.open(connectString, point.fanout().watcherCount(), socket)) {
            if (prepared.add(point.id() + "@" + kind)) {
                point.fanout().prepare(writer.first());
            }
            return point.fanout().run(writer.first(), watchers.clients(), point.spec().warmup(),
                    point.spec().duration(), window, label, progress);
        }
    }

    /** The server's CPU seconds across the measured window, and its RSS when the window closed. */
    private static final class CpuWindow implements MeasureWindow {
        private final ServerProcess server;
        private volatile ProcStat.Sample opened;
        private volatile ProcStat.Sample closed;
        private volatile OtherProcesses othersOpened;
        private volatile OtherProcesses othersClosed;
        private volatile long openedNs;
        private volatile long closedNs;

        CpuWindow(ServerProcess server) {
            this.server = server;
        }

        @Override
        public void opened() {
            openedNs = System.nanoTime();
            othersOpened = OtherProcesses.sample(measuredPids());
            if (server != null) {
                opened = server.sample();
            }
        }

        @Override
        public void closed() {
            closedNs = System.nanoTime();
            othersClosed = OtherProcesses.sample(measuredPids());
            if (server != null) {
                closed = server.sample();
            }
        }

        double cpuSeconds() {
            return opened == null || closed == null ? Double.NaN : closed.cpuSeconds() - opened.cpuSeconds();
        }

        /** The bench and the server under test; the idle other server counts as "other" (it is near 0). */
        private Set<Long> measuredPids() {
            long self = ProcessHandle.current().pid();
            return server == null ? Set.of(self) : Set.of(self, server.pid());
        }

        double otherCpuShare() {
            double capacityS = (closedNs - openedNs) / 1e9 * Runtime.getRuntime().availableProcessors();
            if (othersOpened == null || othersClosed == null || capacityS <= 0) {
                return Double.NaN;
            }
            return othersClosed.cpuSecondsSince(othersOpened) / capacityS;
        }

        long rssBytes() {
            return closed == null ? 0 : closed.rssBytes();
        }
    }
}
