package io.paddock.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Checks that the three report files in a directory are there and well-formed; returns the parsed JSON. */
public final class ReportChecks {
    private ReportChecks() {
    }

    public static Map<?, ?> assertWellFormed(Path outDir, int runCount, int memoryCount) throws IOException {
        Object parsed = JsonParser.parse(Files.readString(outDir.resolve(ReportFiles.JSON)));
        Map<?, ?> json = (Map<?, ?>) parsed;
        for (String key : List.of("title", "machine", "command", "settings", "comparisons", "runs", "memory",
                "targets", "notes")) {
            assertTrue(json.containsKey(key), "report.json lacks " + key);
        }
        assertEquals(runCount, ((List<?>) json.get("runs")).size(), "runs in report.json");
        assertEquals(memoryCount, ((List<?>) json.get("memory")).size(), "memory records in report.json");

        String markdown = Files.readString(outDir.resolve(ReportFiles.MARKDOWN));
        assertTrue(markdown.startsWith("## "), "report.md starts with a heading");
        assertTrue(markdown.contains("| target | goal | measured | met |"), "report.md has the targets table");
        List<String> tableLines = markdown.lines().filter(line -> line.startsWith("|")).toList();
        for (String line : tableLines) {
            assertTrue(line.endsWith("|"), "a table row ends with a pipe: " + line);
        }
        if (runCount > 0) {
            int columns = columns(markdown.lines().filter(l -> l.startsWith("| workload |")).findFirst().orElseThrow());
            markdown.lines().dropWhile(l -> !l.startsWith("| workload |")).takeWhile(l -> l.startsWith("|"))
                    .forEach(row -> assertEquals(columns, columns(row), "cells in row " + row));
        }

        BufferedImage chart = ImageIO.read(outDir.resolve(ReportFiles.CHART).toFile());
        assertNotNull(chart, "throughput-vs-reads.png is a readable PNG");
        assertEquals(ThroughputChart.WIDTH, chart.getWidth());
        assertEquals(ThroughputChart.HEIGHT, chart.getHeight());
        return json;
    }

    private static int columns(String row) {
        return row.split("\\|", -1).length;
    }
}
