package io.paddock.bench.run;

import io.paddock.bench.load.LoadSpec;
import io.paddock.bench.load.WatchFanout;
import io.paddock.bench.load.Workload;
import java.util.function.Function;

/**
 * One workload point of the side-by-side: a fresh workload per run (made from the server's connect string)
 * and how to drive it. Watch fan-out has its own driver, so it carries a {@link WatchFanout} instead.
 */
public record Point(String id, Function<String, Workload> workload, WatchFanout fanout, LoadSpec spec) {

    public static Point load(String id, Function<String, Workload> workload, LoadSpec spec) {
        return new Point(id, workload, null, spec);
    }

    public static Point fanout(WatchFanout fanout, LoadSpec spec) {
        return new Point("fanout", null, fanout, spec);
    }

    public boolean isFanout() {
        return fanout != null;
    }
}
