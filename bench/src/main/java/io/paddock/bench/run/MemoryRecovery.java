package io.paddock.bench.run;

import io.paddock.bench.load.ClientSocket;
import io.paddock.bench.load.ErrorCounts;
import io.paddock.bench.load.Populate;
import io.paddock.bench.load.Progress;
import io.paddock.bench.load.Sessions;
import io.paddock.bench.report.MemoryRecord;
import io.paddock.bench.server.FourLetterWord;
import io.paddock.bench.server.LiveHeap;
import io.paddock.bench.server.ProcStat;
import io.paddock.bench.server.ServerLauncher;
import io.paddock.bench.server.ServerProcess;
import io.paddock.bench.server.ServerSetup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * For each size and server: a fresh server, its memory empty and holding the znodes (RSS from /proc, live
 * heap after a full GC through jcmd), then a SIGTERM and a start on the same data, timed from process start
 * to serving. The znodes sit {@value #BUCKET_CHILDREN} to a parent, as real trees do.
 */
public final class MemoryRecovery {
    static final int BUCKET_CHILDREN = 1_000;
    static final int POPULATE_SESSIONS = 4;

    private final List<ServerSetup> setups;
    private final List<Long> sizes;
    private final int valueBytes;
    private final Workspace workspace;
    private final Progress progress;
    private final ClientSocket socket;

    public MemoryRecovery(List<ServerSetup> setups, List<Long> sizes, int valueBytes, Workspace workspace,
                          Progress progress, ClientSocket socket) {
        this.setups = List.copyOf(setups);
        this.sizes = List.copyOf(sizes);
        this.valueBytes = valueBytes;
        this.workspace = workspace;
        this.progress = progress;
        this.socket = socket;
    }

    public List<MemoryRecord> run() throws Exception {
        List<MemoryRecord> records = new ArrayList<>();
        for (long znodes : sizes) {
            for (ServerSetup setup : setups) {
                records.add(measure(setup, znodes));
            }
        }
        return records;
    }

    private MemoryRecord measure(ServerSetup setup, long znodes) throws Exception {
        String label = String.format("[memory %,d znodes | %s]", znodes, setup.kind().displayName());
        ServerProcess server = ServerLauncher.start(setup, workspace.runDir(setup.kind().key() + "-memory-" + znodes));
        long startMs = server.startToServingMs();
        try {
            progress.note(label + " started in " + startMs + " ms; creating znodes");
            Figures before;
            Figures after;
            double populateSeconds;
            ErrorCounts failures;
            try (Sessions sessions = Sessions.open(server.connectString(), POPULATE_SESSIONS, socket)) {
                before = Figures.of(server);
                long startNs = System.nanoTime();
                failures = populate(sessions, znodes);
                populateSeconds = (System.nanoTime() - startNs) / 1e9;
                after = Figures.of(server);
            }
            long nodesBefore = nodeCount(server);
            server.stop();
            progress.note(String.format("%s created in %.1f s (%,d in the tree), RSS %d MiB, live heap %d MiB;"
                    + " restarting", label, populateSeconds, nodesBefore, after.rssBytes >> 20, after.heapBytes >> 20));
            ServerProcess restarted = ServerLauncher.restart(server);
            server = restarted;
            long nodesAfter = nodeCount(restarted);
            progress.note(String.format("%s restarted in %d ms with %,d znodes", label,
                    restarted.startToServingMs(), nodesAfter));
            return new MemoryRecord(setup.kind(), znodes, valueBytes, startMs, populateSeconds, failures.total(),
                    before.rssBytes, after.rssBytes, before.heapBytes, after.heapBytes,
                    restarted.startToServingMs(), nodesAfter, nodesAfter >= nodesBefore);
        } finally {
            server.stop();
        }
    }

    private ErrorCounts populate(Sessions sessions, long znodes) throws Exception {
        Populate.ensurePath(sessions.first(), "/mem");
        long buckets = (znodes + BUCKET_CHILDREN - 1) / BUCKET_CHILDREN;
        ErrorCounts failures = Populate.create(sessions.clients(), buckets, MemoryRecovery::bucket, new byte[0]);
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, (byte) 'x');
        ErrorCounts nodes = Populate.create(sessions.clients(), znodes,
                i -> bucket(i / BUCKET_CHILDREN) + "/n" + (i % BUCKET_CHILDREN), value);
        nodes.snapshot().forEach(failures::add);
        return failures;
    }

    private static String bucket(long index) {
        return String.format("/mem/b%05d", index);
    }

    private static long nodeCount(ServerProcess server) throws IOException {
        return FourLetterWord.nodeCount(server.srvr()).orElse(-1);
    }

    /** Live heap first: its full GC also trims what RSS then reads. */
    private record Figures(long heapBytes, long rssBytes) {
        static Figures of(ServerProcess server) throws IOException {
            long heap = LiveHeap.bytes(server.pid());
            ProcStat.Sample sample = server.sample();
            return new Figures(heap, sample.rssBytes());
        }
    }
}
