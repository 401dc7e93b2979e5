package io.paddock.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of another JVM: {@code jcmd <pid> GC.class_histogram} runs a full collection and lists what
 * survived; its "Total" line is the live bytes. Works on any HotSpot JVM of the same user, so it measures
 * Paddock and ZooKeeper alike without an agent.
 */
public final class LiveHeap {
    static final long JCMD_TIMEOUT_S = 300;

    private LiveHeap() {
    }

    public static long bytes(long pid) throws IOException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(JCMD_TIMEOUT_S, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + tail(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for jcmd", e);
        }
        return totalBytes(output);
    }

    /** The bytes column of the histogram's last line: {@code Total   123456   7890123}. */
    static long totalBytes(String histogram) throws IOException {
        return histogram.lines().map(String::trim).filter(line -> line.startsWith("Total"))
                .reduce((first, second) -> second)
                .map(line -> line.split("\\s+"))
                .map(fields -> Long.parseLong(fields[fields.length - 1]))
                .orElseThrow(() -> new IOException("no Total line in the class histogram: " + tail(histogram)));
    }

    private static String tail(String text) {
        return text.length() <= 400 ? text : text.substring(text.length() - 400);
    }
}
