package io.paddock.bench.report;

import io.paddock.bench.server.ServerKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as Markdown tables: medians per point and server, ratios, memory and restart, targets. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(BenchReport report) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(report.title()).append("\n\n");
        md.append("Machine: ").append(Machine.oneLine(report.machine())).append("  \n");
        md.append("Command: `").append(report.command()).append("`  \n");
        md.append("Settings: ").append(settings(report.settings())).append("\n\n");
        if (report.external()) {
            loadTable(report.externalFigures(), md);
        } else if (!report.runs().isEmpty()) {
            throughputTable(report.comparisons(), md);
        }
        if (!report.memory().isEmpty()) {
            memoryTable(report.memory(), md);
        }
        if (!report.external()) {
            targetTable(report.targets(), md);
        }
        if (!report.notes().isEmpty()) {
            md.append("Notes:\n\n");
            report.notes().forEach(note -> md.append("- ").append(note).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static String settings(Map<String, Object> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void throughputTable(List<Comparison> comparisons, StringBuilder md) {
        md.append("Medians over the rounds; ratio = Paddock / ZooKeeper (throughput: higher is better; p99, CPU"
                + " and RSS: lower is better). CPU is the server process's user+system time per successful"
                + " request. \"Others' CPU\" is the share of the machine's CPU that other user processes (not the"
                + " server under test, not the bench) used during the window: well above 0 means noisy figures.\n\n");
        md.append("| workload | ops/s Paddock | ops/s ZK | ratio | p99 ms Paddock | p99 ms ZK | ratio"
                + " | CPU µs/op Paddock | CPU µs/op ZK | ratio | RSS MiB Paddock | RSS MiB ZK | ratio"
                + " | errors P / ZK | others' CPU % P / ZK |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            ServerFigures p = c.paddock();
            ServerFigures z = c.zookeeper();
            md.append("| ").append(c.label())
                    .append(" | ").append(num(p.throughput(), "%,.0f")).append(" | ").append(num(z.throughput(), "%,.0f"))
                    .append(" | ").append(ratio(c.throughputRatio()))
                    .append(" | ").append(num(p.p99Us() / 1000, "%.2f")).append(" | ").append(num(z.p99Us() / 1000, "%.2f"))
                    .append(" | ").append(ratio(c.p99Ratio()))
                    .append(" | ").append(num(p.cpuUsPerOp(), "%.1f")).append(" | ").append(num(z.cpuUsPerOp(), "%.1f"))
                    .append(" | ").append(ratio(c.cpuPerOpRatio()))
                    .append(" | ").append(num(p.rssBytes() / (1 << 20), "%.0f"))
                    .append(" | ").append(num(z.rssBytes() / (1 << 20), "%.0f"))
                    .append(" | ").append(ratio(c.rssRatio()))
                    .append(" | ").append(p.errors()).append(" / ").append(z.errors())
                    .append(" | ").append(num(p.otherCpuShare() * 100, "%.0f")).append(" / ")
                    .append(num(z.otherCpuShare() * 100, "%.0f")).append(" |\n");
        }
        md.append('\n');
    }

    /** Load mode: the server's figures alone; its CPU and memory are not the bench's to see. */
    private static void loadTable(List<BenchReport.PointFigures> points, StringBuilder md) {
        md.append("Medians over the rounds; latency of every request, in ms; errors summed over the rounds.\n\n");
        md.append("| workload | ops/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchReport.PointFigures point : points) {
            ServerFigures f = point.figures();
            md.append("| ").append(point.label())
                    .append(" | ").append(num(f.throughput(), "%,.0f"))
                    .append(" | ").append(num(f.p50Us() / 1000, "%.2f"))
                    .append(" | ").append(num(f.p99Us() / 1000, "%.2f"))
                    .append(" | ").append(num(f.p999Us() / 1000, "%.2f"))
                    .append(" | ").append(num(f.maxUs() / 1000, "%.2f"))
                    .append(" | ").append(f.errors()).append(" |\n");
        }
        md.append('\n');
    }

    private static void memoryTable(List<MemoryRecord> memory, StringBuilder md) {
        md.append("Memory and recovery: RSS and live heap (after a full GC) before and after creating the"
                + " znodes; start and restart = process start to answering srvr.\n\n");
        md.append("| znodes | server | RSS B/znode | live heap B/znode | RSS MiB | live heap MiB | populate s"
                + " | empty start ms | restart ms | nodes after restart |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MemoryRecord m : memory) {
            md.append("| ").append(String.format("%,d", m.znodes()))
                    .append(" | ").append(m.server().displayName())
                    .append(" | ").append(num(m.rssBytesPerZnode(), "%.0f"))
                    .append(" | ").append(num(m.heapBytesPerZnode(), "%.0f"))
                    .append(" | ").append(num(m.rssAfterBytes() / (double) (1 << 20), "%.0f"))
                    .append(" | ").append(num(m.heapAfterBytes() / (double) (1 << 20), "%.0f"))
                    .append(" | ").append(num(m.populateSeconds(), "%.1f"))
                    .append(" | ").append(m.startMs())
                    .append(" | ").append(m.restartComparable() ? Long.toString(m.restartMs())
                            : m.restartMs() + " (not comparable: " + notComparableReason(m) + ")")
                    .append(" | ").append(String.format("%,d", m.nodesAfterRestart())).append(" |\n");
        }
        md.append('\n');
    }

    private static String notComparableReason(MemoryRecord m) {
        return m.server() == ServerKind.PADDOCK ? "in-memory, restarts empty" : "came back without the znodes";
    }

    private static void targetTable(List<BenchReport.Target> targets, StringBuilder md) {
        md.append("Targets of issue 4 (Paddock / ZooKeeper, same run; reported, not asserted):\n\n");
        md.append("| target | goal | measured | met |\n|---|---|---|---|\n");
        for (BenchReport.Target t : targets) {
            md.append("| ").append(t.name()).append(" | ").append(t.goal()).append(" | ").append(t.measured())
                    .append(" | ").append(t.met() == null ? "–" : t.met() ? "yes" : "no").append(" |\n");
        }
        md.append('\n');
    }

    private static String num(double value, String format) {
        return Double.isFinite(value) ? String.format(format, value) : "–";
    }

    private static String ratio(double value) {
        return Double.isFinite(value) ? String.format("%.2f×", value) : "–";
    }
}
