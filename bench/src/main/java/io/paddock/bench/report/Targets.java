package io.paddock.bench.report;

import io.paddock.bench.server.ServerKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The goals for Paddock against ZooKeeper in the same run, evaluated from a report. */
final class Targets {
    private Targets() {
    }

    static List<BenchReport.Target> evaluate(BenchReport report) {
        List<BenchReport.Target> targets = new ArrayList<>();
        targets.add(atLeast("write throughput", "rw-0", "≥ 2×", 2.0, report.point("rw-0"),
                Comparison::throughputRatio));
        targets.add(atLeast("read throughput", "rw-100", "≥ 1.5×", 1.5, report.point("rw-100"),
                Comparison::throughputRatio));
        targets.add(worst(report, "p99 latency", "≤ 1× at every point", 1.0, Comparison::p99Ratio));
        targets.add(worst(report, "server CPU per op", "≤ 0.5× at every point", 0.5, Comparison::cpuPerOpRatio));
        targets.add(rssPerZnode(report));
        targets.add(restart(report));
        return targets;
    }

    private static BenchReport.Target atLeast(String name, String point, String goal, double bound,
                                              Optional<Comparison> comparison, ToDoubleFunction<Comparison> ratio) {
        if (comparison.isEmpty() || !Double.isFinite(ratio.applyAsDouble(comparison.get()))) {
            return new BenchReport.Target(name, goal, "not measured (" + point + ")", null);
        }
        double value = ratio.applyAsDouble(comparison.get());
        return new BenchReport.Target(name, goal, String.format("%.2f× (%s)", value, point), value >= bound);
    }

    private static BenchReport.Target worst(BenchReport report, String name, String goal, double bound,
                                            ToDoubleFunction<Comparison> ratio) {
        Optional<Comparison> worst = report.comparisons().stream()
                .filter(c -> Double.isFinite(ratio.applyAsDouble(c)))
                .max(Comparator.comparingDouble(ratio));
        if (worst.isEmpty()) {
            return new BenchReport.Target(name, goal, "not measured", null);
        }
        double value = ratio.applyAsDouble(worst.get());
        return new BenchReport.Target(name, goal, String.format("worst %.2f× (%s)", value, worst.get().point()),
                value <= bound);
    }

    private static BenchReport.Target rssPerZnode(BenchReport report) {
        Optional<Long> largest = report.memory().stream().map(MemoryRecord::znodes).max(Long::compare);
        if (largest.isEmpty()) {
            return new BenchReport.Target("RSS per znode", "≤ 0.25×", "not measured", null);
        }
        Optional<MemoryRecord> paddock = memory(report, ServerKind.PADDOCK, largest.get());
        Optional<MemoryRecord> zookeeper = memory(report, ServerKind.ZOOKEEPER, largest.get());
        if (paddock.isEmpty() || zookeeper.isEmpty()) {
            return new BenchReport.Target("RSS per znode", "≤ 0.25×", "not measured on both", null);
        }
        double value = paddock.get().rssBytesPerZnode() / zookeeper.get().rssBytesPerZnode();
        return new BenchReport.Target("RSS per znode", "≤ 0.25×",
                String.format("%.2f× (%,d znodes)", value, largest.get()), value <= 0.25);
    }

    private static BenchReport.Target restart(BenchReport report) {
        String goal = "≤ 0.5× with 1M znodes";
        Optional<Long> largest = report.memory().stream().map(MemoryRecord::znodes).max(Long::compare);
        if (largest.isEmpty()) {
            return new BenchReport.Target("restart time", goal, "not measured", null);
        }
        Optional<MemoryRecord> paddock = memory(report, ServerKind.PADDOCK, largest.get());
        Optional<MemoryRecord> zookeeper = memory(report, ServerKind.ZOOKEEPER, largest.get());
        if (paddock.isEmpty() || zookeeper.isEmpty()) {
            return new BenchReport.Target("restart time", goal, "not measured on both", null);
        }
        if (!paddock.get().restartComparable()) {
            return new BenchReport.Target("restart time", goal,
                    "not comparable: Paddock is in-memory and restarts empty", null);
        }
        double value = paddock.get().restartMs() / (double) zookeeper.get().restartMs();
        return new BenchReport.Target("restart time", goal, String.format("%.2f× (%,d znodes)", value,
                largest.get()), value <= 0.5);
    }

    private static Optional<MemoryRecord> memory(BenchReport report, ServerKind kind, long znodes) {
        return report.memory().stream().filter(m -> m.server() == kind && m.znodes() == znodes).findFirst();
    }
}
