package io.paddock.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The medians over the rounds of one workload point on one server; errors are summed, not medianed. */
public record ServerFigures(int runs, double throughput, double p50Us, double p99Us, double p999Us, double maxUs,
                            double cpuUsPerOp, double rssBytes, long errors, double otherCpuShare) {

    public static ServerFigures of(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return new ServerFigures(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0, Double.NaN);
        }
        return new ServerFigures(runs.size(),
                median(runs, r -> r.load().throughput()),
                median(runs, r -> r.load().latency().p50Us()),
                median(runs, r -> r.load().latency().p99Us()),
                median(runs, r -> r.load().latency().p999Us()),
                median(runs, r -> r.load().latency().maxUs()),
                median(runs, RunRecord::cpuUsPerOp),
                median(runs, r -> r.rssBytes()),
                runs.stream().mapToLong(r -> r.load().errorCount()).sum(),
                median(runs, RunRecord::otherCpuShare));
    }

    static double median(List<RunRecord> runs, ToDoubleFunction<RunRecord> figure) {
        List<Double> values = new ArrayList<>();
        for (RunRecord run : runs) {
            values.add(figure.applyAsDouble(run));
        }
        return median(values);
    }

    /** The middle value, or the mean of the two middle ones; NaN values sort last and count. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
