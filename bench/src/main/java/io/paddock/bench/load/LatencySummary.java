package io.paddock.bench.load;

import org.HdrHistogram.Histogram;

/** Percentiles of one histogram of latencies in microseconds. */
public record LatencySummary(long count, double meanUs, long p50Us, long p99Us, long p999Us, long maxUs) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getMean(),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }
}
