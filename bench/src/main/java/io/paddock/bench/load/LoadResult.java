package io.paddock.bench.load;

import java.util.Map;
import java.util.SortedMap;

/**
 * What the client saw in one measured window.
 *
 * @param completed  requests sent in the window that came back, successful or not
 * @param succeeded  those that came back OK; throughput counts these
 * @param errors     failed requests of the window by error name, NO_RESPONSE for those that never came back
 * @param warmupErrors failures during warm-up, kept apart but never dropped
 * @param byKind     latency per request kind (read, write, ...)
 * @param clientCpuSeconds CPU the bench process itself used during the window (it shares the machine)
 */
public record LoadResult(String workload, String label, Map<String, Object> params, double seconds,
                         long completed, long succeeded, SortedMap<String, Long> errors,
                         SortedMap<String, Long> warmupErrors, LatencySummary latency,
                         Map<String, LatencySummary> byKind, double clientCpuSeconds) {

    public double throughput() {
        return seconds <= 0 ? 0 : succeeded / seconds;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
