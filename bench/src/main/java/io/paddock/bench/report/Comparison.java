package io.paddock.bench.report;

import java.util.Map;

/** One workload point, both servers, and the ratios Paddock / ZooKeeper. */
public record Comparison(String point, String label, Map<String, Object> params, ServerFigures paddock,
                         ServerFigures zookeeper) {

    public double throughputRatio() {
        return ratio(paddock.throughput(), zookeeper.throughput());
    }

    public double p99Ratio() {
        return ratio(paddock.p99Us(), zookeeper.p99Us());
    }

    public double cpuPerOpRatio() {
        return ratio(paddock.cpuUsPerOp(), zookeeper.cpuUsPerOp());
    }

    public double rssRatio() {
        return ratio(paddock.rssBytes(), zookeeper.rssBytes());
    }

    static double ratio(double paddockValue, double zookeeperValue) {
        return zookeeperValue == 0 ? Double.NaN : paddockValue / zookeeperValue;
    }
}
