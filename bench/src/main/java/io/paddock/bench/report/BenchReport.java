package io.paddock.bench.report;

import io.paddock.bench.server.ServerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one bench run measured, in the order it ran, and the comparisons and targets derived from it.
 *
 * @param settings the knobs of the run (duration, rounds, sessions, JVM flags, forceSync, ...)
 * @param notes    sentences the reader needs (CPU shared with the bench, what a server does not do yet)
 */
public record BenchReport(String title, Map<String, Object> machine, String command, Map<String, Object> settings,
                          List<RunRecord> runs, List<MemoryRecord> memory, List<String> notes) {

    public BenchReport {
        runs = List.copyOf(runs);
        memory = List.copyOf(memory);
        notes = List.copyOf(notes);
    }

    /** Points in the order they first ran, each with its medians on both servers. */
    public List<Comparison> comparisons() {
        Map<String, List<RunRecord>> byPoint = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            byPoint.computeIfAbsent(run.point(), k -> new ArrayList<>()).add(run);
        }
        List<Comparison> comparisons = new ArrayList<>();
        byPoint.forEach((point, pointRuns) -> comparisons.add(new Comparison(point, pointRuns.get(0).load().label(),
                pointRuns.get(0).load().params(),
                ServerFigures.of(pointRuns.stream().filter(r -> r.server() == ServerKind.PADDOCK).toList()),
                ServerFigures.of(pointRuns.stream().filter(r -> r.server() == ServerKind.ZOOKEEPER).toList()))));
        return comparisons;
    }

    /** Whether the runs drove a server the bench did not start (load mode): one server, no comparison. */
    public boolean external() {
        return runs.stream().anyMatch(r -> r.server() == ServerKind.EXTERNAL);
    }

    /** Load mode: each point, in the order it first ran, with its medians on the one server driven. */
    public List<PointFigures> externalFigures() {
        Map<String, List<RunRecord>> byPoint = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            if (run.server() == ServerKind.EXTERNAL) {
                byPoint.computeIfAbsent(run.point(), k -> new ArrayList<>()).add(run);
            }
        }
        List<PointFigures> figures = new ArrayList<>();
        byPoint.forEach((point, pointRuns) -> figures.add(new PointFigures(point, pointRuns.get(0).load().label(),
                ServerFigures.of(pointRuns))));
        return figures;
    }

    /** One workload point on one server. */
    public record PointFigures(String point, String label, ServerFigures figures) {
    }

    /** The read/write points, by read share: the chart's x axis. */
    public List<Comparison> readWriteCurve() {
        return comparisons().stream().filter(c -> c.point().startsWith("rw-"))
                .sorted((a, b) -> Integer.compare(readPercent(a), readPercent(b))).toList();
    }

    static int readPercent(Comparison comparison) {
        return ((Number) comparison.params().get("readPercent")).intValue();
    }

    public Optional<Comparison> point(String point) {
        return comparisons().stream().filter(c -> c.point().equals(point)).findFirst();
    }

    /** The targets, each with what this run measured; reported, never asserted. */
    public List<Target> targets() {
        return Targets.evaluate(this);
    }

    /** A target of the issue and the measured ratio. met is null when the run could not tell. */
    public record Target(String name, String goal, String measured, Boolean met) {
    }
}
