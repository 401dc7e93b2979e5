package io.paddock.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.bench.load.LatencySummary;
import io.paddock.bench.load.LoadResult;
import io.paddock.bench.server.ServerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    static RunRecord run(String point, ServerKind server, int round, int reads, double opsPerSec, long p99Us) {
        LatencySummary latency = new LatencySummary(1000, p99Us / 2.0, p99Us / 2, p99Us, p99Us * 2, p99Us * 3);
        TreeMap<String, Long> errors = new TreeMap<>();
        if (server == ServerKind.ZOOKEEPER) {
            errors.put("CONNECTIONLOSS", 2L);
        }
        LoadResult load = new LoadResult("rw", "read/write " + reads + "% reads", Map.of("readPercent", reads), 10,
                (long) (opsPerSec * 10) + errors.values().stream().mapToLong(Long::longValue).sum(),
                (long) (opsPerSec * 10), errors, new TreeMap<>(), latency, Map.of("read", latency), 1.5);
        return new RunRecord(point, server, round, load, opsPerSec * 10 * 20e-6, 200L << 20, 0.01);
    }

    static BenchReport sample() {
        List<RunRecord> runs = new ArrayList<>();
        for (int reads : List.of(0, 50, 100)) {
            for (int round = 1; round <= 3; round++) {
                runs.add(run("rw-" + reads, ServerKind.PADDOCK, round, reads, 20_000 + reads * 100 + round, 900));
                runs.add(run("rw-" + reads, ServerKind.ZOOKEEPER, round, reads, 10_000 + reads * 50 + round, 1000));
            }
        }
        List<MemoryRecord> memory = List.of(
                new MemoryRecord(ServerKind.PADDOCK, 1000, 100, 500, 1.0, 0, 100 << 20, 101 << 20, 5 << 20,
                        6 << 20, 0, 7, false),
                new MemoryRecord(ServerKind.ZOOKEEPER, 1000, 100, 600, 1.0, 0, 100 << 20, 104 << 20, 5 << 20,
                        9 << 20, 700, 1008, true));
        return new BenchReport("test report", Machine.describe(), "bin/paddock-bench smoke", Map.of("rounds", 3),
                runs, memory, List.of("a note with a | pipe"));
    }

    @Test
    void writesMarkdownJsonAndPng(@TempDir Path dir) throws Exception {
        BenchReport report = sample();
        ReportFiles.write(report, dir);
        Map<?, ?> json = ReportChecks.assertWellFormed(dir, 18, 2);
        assertEquals(3, ((List<?>) json.get("comparisons")).size());
        String markdown = Files.readString(dir.resolve(ReportFiles.MARKDOWN));
        assertTrue(markdown.contains("| read/write 50% reads | 25,002 | 12,502 | 2.00×"), markdown);
        assertTrue(markdown.contains("not comparable: in-memory, restarts empty"), markdown);
    }

    @Test
    void aLoadRunReportsTheOneServerItDrove(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            runs.add(run("rw-90", ServerKind.EXTERNAL, round, 90, 30_000 + round, 800 + round));
        }
        BenchReport report = new BenchReport("load", Machine.describe(), "bin/paddock-bench load", Map.of("rounds", 3),
                runs, List.of(), List.of());
        ReportFiles.write(report, dir);
        String markdown = Files.readString(dir.resolve(ReportFiles.MARKDOWN));
        // Medians: 30,002 ops/s; p50 and p99 of the middle round (401 and 802 µs); max 2,406 µs.
        assertTrue(markdown.contains("| read/write 90% reads | 30,002 | 0.40 | 0.80 | 1.60 | 2.41 | 0 |"), markdown);
        assertFalse(markdown.contains("Targets"), "a load run compares nothing: " + markdown);
    }

    @Test
    void comparisonsTakeTheMedianOfTheRoundsAndSumTheErrors() {
        Comparison c = sample().point("rw-0").orElseThrow();
        assertEquals(20_002, c.paddock().throughput(), 1e-9);
        assertEquals(10_002, c.zookeeper().throughput(), 1e-9);
        assertEquals(6, c.zookeeper().errors());
        assertEquals(0.9, c.p99Ratio(), 1e-9);
    }

    @Test
    void targetsAreEvaluatedNotAsserted() {
        Map<String, BenchReport.Target> targets = new TreeMap<>();
        sample().targets().forEach(t -> targets.put(t.name(), t));
        assertEquals(true, targets.get("read throughput").met());
        assertEquals(false, targets.get("write throughput").met());
        assertEquals(true, targets.get("p99 latency").met());
        assertNull(targets.get("restart time").met(), "Paddock came back empty: not comparable");
        assertEquals(true, targets.get("RSS per znode").met());
    }
}
