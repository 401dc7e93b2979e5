package io.paddock.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.md, report.json and throughput-vs-reads.png into an output directory. */
public final class ReportFiles {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";
    public static final String CHART = "throughput-vs-reads.png";

    private ReportFiles() {
    }

    public static void write(BenchReport report, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve(MARKDOWN), MarkdownReport.render(report));
        Files.writeString(outDir.resolve(JSON), JsonReport.render(report));
        ThroughputChart.write(report, outDir.resolve(CHART));
    }
}
