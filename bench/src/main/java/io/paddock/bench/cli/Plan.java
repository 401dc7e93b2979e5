package io.paddock.bench.cli;

import io.paddock.bench.load.ConnectStorm;
import io.paddock.bench.load.CreateDeleteChurn;
import io.paddock.bench.load.LoadSpec;
import io.paddock.bench.load.MultiWrite;
import io.paddock.bench.load.ReadWriteMix;
import io.paddock.bench.load.WatchFanout;
import io.paddock.bench.run.Point;
import java.util.ArrayList;
import java.util.List;

/** Turns the options into the workload points to run, in order. */
final class Plan {
    /** Connect storm: sessions being established at once, per driving session. */
    static final int CONNECT_IN_FLIGHT_PER_SESSION = 2;

    private Plan() {
    }

    static List<Point> points(Options o) {
        LoadSpec spec = new LoadSpec(o.sessions(), o.inFlight(), o.rate(), o.warmup(), o.duration());
        List<Point> points = new ArrayList<>();
        for (String workload : o.workloads()) {
            switch (workload) {
                case "rw" -> {
                    for (int reads : o.readPercents()) {
                        points.add(Point.load("rw-" + reads,
                                c -> new ReadWriteMix("rw", reads, o.valueBytes(), o.keys()), spec));
                    }
                }
                case "churn-seq" -> points.add(Point.load("churn-seq",
                        c -> new CreateDeleteChurn(CreateDeleteChurn.Mode.SEQUENTIAL, o.valueBytes()), spec));
                case "churn-eph" -> points.add(Point.load("churn-eph",
                        c -> new CreateDeleteChurn(CreateDeleteChurn.Mode.EPHEMERAL, o.valueBytes()), spec));
                case "fanout" -> points.add(Point.fanout(new WatchFanout(o.fanout()), spec));
                case "connect" -> points.add(Point.load("connect", c -> new ConnectStorm(c, o.clientSocket()),
                        spec.withSessions(o.sessions(), CONNECT_IN_FLIGHT_PER_SESSION)));
                case "large" -> points.add(Point.load("large",
                        c -> new ReadWriteMix("large", 50, o.largeValueBytes(), 16),
                        spec.withSessions(o.sessions(), o.largeInFlight())));
                case "multi" -> points.add(Point.load("multi",
                        c -> new MultiWrite(o.multiOps(), o.valueBytes(), o.keys()), spec));
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            }
        }
        return points;
    }
}
