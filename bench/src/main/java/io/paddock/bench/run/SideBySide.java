package io.paddock.bench.run;

import io.paddock.bench.load.ClientSocket;
import io.paddock.bench.load.Progress;
import io.paddock.bench.report.RunRecord;
import io.paddock.bench.server.ServerLauncher;
import io.paddock.bench.server.ServerProcess;
import io.paddock.bench.server.ServerSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * Both servers up at once, each workload point run on them alternately, A B A B, for several rounds: a
 * drift of the machine (thermal, page cache, a noisy neighbour) then hits both alike. The idle server
 * costs next to nothing while the other one runs.
 */
public final class SideBySide {
    private final List<ServerSetup> setups;
    private final List<Point> points;
    private final int rounds;
    private final Workspace workspace;
    private final Progress progress;
    private final ClientSocket socket;

    public SideBySide(List<ServerSetup> setups, List<Point> points, int rounds, Workspace workspace,
                      Progress progress, ClientSocket socket) {
        this.setups = List.copyOf(setups);
        this.points = List.copyOf(points);
        this.rounds = rounds;
        this.workspace = workspace;
        this.progress = progress;
        this.socket = socket;
    }

    public List<RunRecord> run() throws Exception {
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (ServerSetup setup : setups) {
                ServerProcess server = ServerLauncher.start(setup, workspace.runDir(setup.kind().key() + "-load"));
                progress.note(String.format("started %s in %d ms", server, server.startToServingMs()));
                servers.add(server);
            }
            PointRunner runner = new PointRunner(progress, socket);
            List<RunRecord> records = new ArrayList<>();
            for (Point point : points) {
                for (int round = 1; round <= rounds; round++) {
                    for (ServerProcess server : servers) {
                        records.add(runner.run(point, server, round, rounds));
                    }
                }
            }
            return records;
        } finally {
            servers.forEach(ServerProcess::stop);
        }
    }
}
