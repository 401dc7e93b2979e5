package io.paddock.bench.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency in microseconds by request kind. Any thread records; one thread (the generator's) collects the
 * intervals, for the progress line, and accumulates them into the totals.
 */
final class LatencyRecorders {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Map<OpKind, Recorder> recorders = new EnumMap<>(OpKind.class);
    private final Map<OpKind, Histogram> totals = new EnumMap<>(OpKind.class);
    private Histogram lastInterval = new Histogram(SIGNIFICANT_DIGITS);

    LatencyRecorders() {
        for (OpKind kind : OpKind.values()) {
            recorders.put(kind, new Recorder(SIGNIFICANT_DIGITS));
            totals.put(kind, new Histogram(SIGNIFICANT_DIGITS));
        }
    }

    void record(OpKind kind, long latencyNs) {
        recorders.get(kind).recordValue(Math.max(1, latencyNs / 1_000));
    }

    /** Moves what was recorded since the last call into the totals; returns that interval, all kinds merged. */
    Histogram collect() {
        Histogram interval = new Histogram(SIGNIFICANT_DIGITS);
        for (OpKind kind : OpKind.values()) {
            Histogram part = recorders.get(kind).getIntervalHistogram();
            totals.get(kind).add(part);
            interval.add(part);
        }
        lastInterval = interval;
        return interval;
    }

    /** Forgets everything recorded so far (the warm-up). */
    void reset() {
        collect();
        totals.values().forEach(Histogram::reset);
    }

    Histogram lastInterval() {
        return lastInterval;
    }

    Histogram total() {
        Histogram all = new Histogram(SIGNIFICANT_DIGITS);
        totals.values().forEach(all::add);
        return all;
    }

    Map<String, LatencySummary> byKind() {
        Map<String, LatencySummary> summaries = new LinkedHashMap<>();
        totals.forEach((kind, histogram) -> {
            if (histogram.getTotalCount() > 0) {
                summaries.put(kind.key(), LatencySummary.of(histogram));
            }
        });
        return summaries;
    }
}
