package io.paddock.bench.report;

import io.paddock.bench.load.LatencySummary;
import io.paddock.bench.load.LoadResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The report as JSON: every run (not only the medians), the comparisons, memory, targets. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", report.title());
        root.put("machine", report.machine());
        root.put("command", report.command());
        root.put("settings", report.settings());
        root.put("comparisons", report.comparisons().stream().map(JsonReport::comparison).toList());
        root.put("runs", report.runs().stream().map(JsonReport::run).toList());
        root.put("memory", report.memory().stream().map(JsonReport::memory).toList());
        root.put("targets", report.targets().stream().map(JsonReport::target).toList());
        root.put("notes", report.notes());
        return Json.write(root);
    }

    private static Map<String, Object> comparison(Comparison c) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("point", c.point());
        map.put("label", c.label());
        map.put("params", c.params());
        map.put("paddock", figures(c.paddock()));
        map.put("zookeeper", figures(c.zookeeper()));
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughput", c.throughputRatio());
        ratios.put("p99", c.p99Ratio());
        ratios.put("cpuPerOp", c.cpuPerOpRatio());
        ratios.put("rss", c.rssRatio());
        map.put("ratioPaddockOverZookeeper", ratios);
        return map;
    }

    private static Map<String, Object> figures(ServerFigures f) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runs", f.runs());
        map.put("throughputOpsPerSec", f.throughput());
        map.put("p50Us", f.p50Us());
        map.put("p99Us", f.p99Us());
        map.put("p999Us", f.p999Us());
        map.put("maxUs", f.maxUs());
        map.put("serverCpuUsPerOp", f.cpuUsPerOp());
        map.put("rssBytes", f.rssBytes());
        map.put("errors", f.errors());
        map.put("otherProcessesCpuShare", f.otherCpuShare());
        return map;
    }

    private static Map<String, Object> run(RunRecord r) {
        LoadResult load = r.load();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("point", r.point());
        map.put("server", r.server());
        map.put("round", r.round());
        map.put("workload", load.workload());
        map.put("params", load.params());
        map.put("seconds", load.seconds());
        map.put("completed", load.completed());
        map.put("succeeded", load.succeeded());
        map.put("throughputOpsPerSec", load.throughput());
        map.put("latency", latency(load.latency()));
        Map<String, Object> byKind = new LinkedHashMap<>();
        load.byKind().forEach((kind, summary) -> byKind.put(kind, latency(summary)));
        map.put("latencyByKind", byKind);
        map.put("errors", load.errors());
        map.put("warmupErrors", load.warmupErrors());
        map.put("serverCpuSeconds", r.serverCpuSeconds());
        map.put("serverCpuUsPerOp", r.cpuUsPerOp());
        map.put("serverRssBytes", r.rssBytes());
        map.put("clientCpuSeconds", load.clientCpuSeconds());
        map.put("otherProcessesCpuShare", r.otherCpuShare());
        return map;
    }

    private static Map<String, Object> latency(LatencySummary s) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", s.count());
        map.put("meanUs", s.meanUs());
        map.put("p50Us", s.p50Us());
        map.put("p99Us", s.p99Us());
        map.put("p999Us", s.p999Us());
        map.put("maxUs", s.maxUs());
        return map;
    }

    private static Map<String, Object> memory(MemoryRecord m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("server", m.server());
        map.put("znodes", m.znodes());
        map.put("valueBytes", m.valueBytes());
        map.put("startMs", m.startMs());
        map.put("populateSeconds", m.populateSeconds());
        map.put("populateErrors", m.populateErrors());
        map.put("rssBeforeBytes", m.rssBeforeBytes());
        map.put("rssAfterBytes", m.rssAfterBytes());
        map.put("heapBeforeBytes", m.heapBeforeBytes());
        map.put("heapAfterBytes", m.heapAfterBytes());
        map.put("rssBytesPerZnode", m.rssBytesPerZnode());
        map.put("heapBytesPerZnode", m.heapBytesPerZnode());
        map.put("restartMs", m.restartMs());
        map.put("nodesAfterRestart", m.nodesAfterRestart());
        map.put("restartComparable", m.restartComparable());
        return map;
    }

    private static Map<String, Object> target(BenchReport.Target t) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", t.name());
        map.put("goal", t.goal());
        map.put("measured", t.measured());
        map.put("met", t.met());
        return map;
    }
}
