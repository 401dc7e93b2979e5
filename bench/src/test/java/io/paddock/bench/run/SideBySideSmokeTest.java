package io.paddock.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.bench.cli.BenchMain;
import io.paddock.bench.load.Progress;
import io.paddock.bench.report.BenchReport;
import io.paddock.bench.report.MemoryRecord;
import io.paddock.bench.report.ReportChecks;
import io.paddock.bench.report.RunRecord;
import io.paddock.bench.server.ServerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The smoke mode end to end: Apache ZooKeeper and Paddock as real processes, every workload on both, the
 * memory and restart probe, the three report files. Asserts behaviour only, never speed.
 */
class SideBySideSmokeTest {

    @Test
    void bothServersServeEveryWorkloadAndTheReportIsWritten() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isDirectory(repo.resolve("server/target/classes")),
                "Paddock must be built first (the root build packages server before bench): " + repo);
        Path out = Path.of("target", "smoke-report").toAbsolutePath();
        BenchReport report = BenchMain.execute(new String[] {"smoke", "--out", out.toString()}, repo,
                "bin/paddock-bench smoke", Progress.toStderr());

        List<String> points = List.of("rw-0", "rw-100", "churn-seq", "churn-eph", "fanout", "connect", "large",
                "multi");
        assertEquals(points.size() * 2, report.runs().size());
        for (String point : points) {
            Set<ServerKind> servers = report.runs().stream().filter(r -> r.point().equals(point))
                    .map(RunRecord::server).collect(Collectors.toSet());
            assertEquals(Set.of(ServerKind.PADDOCK, ServerKind.ZOOKEEPER), servers, point + " ran on both");
        }
        for (RunRecord run : report.runs()) {
            String what = run.point() + " on " + run.server();
            assertTrue(run.load().succeeded() > 0, what + " completed requests: " + run.load());
            assertTrue(run.serverCpuSeconds() >= 0, what + " server CPU sampled");
            assertTrue(run.rssBytes() > 0, what + " server RSS sampled");
        }
        assertEquals(2, report.memory().size());
        for (MemoryRecord memory : report.memory()) {
            assertEquals(0, memory.populateErrors(), memory.server() + " created every znode");
            assertTrue(memory.startMs() > 0 && memory.restartMs() > 0, memory.server() + " start and restart timed");
            assertTrue(memory.heapAfterBytes() > 0 && memory.rssAfterBytes() > 0, memory.server() + " memory read");
        }
        ReportChecks.assertWellFormed(out, points.size() * 2, 2);
        assertTrue(Files.list(out.resolve("logs")).count() >= 4, "server logs kept");
    }
}
