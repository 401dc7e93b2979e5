package io.paddock.bench.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * How long an fsync of a small append takes on the disk the servers write to: with forceSync=yes it bounds
 * how often either server can commit a group of writes, so the report states it.
 */
public final class DiskSync {
    static final int SAMPLES = 50;
    static final int APPEND_BYTES = 4096;

    private DiskSync() {
    }

    /** The median of {@value #SAMPLES} append+fsync pairs in a temp file under dir, in milliseconds. */
    public static double medianMs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fsync-probe-", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long[] ns = new long[SAMPLES];
            ByteBuffer block = ByteBuffer.allocate(APPEND_BYTES);
            for (int i = 0; i < SAMPLES; i++) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block);
                channel.force(false);
                ns[i] = System.nanoTime() - start;
            }
            Arrays.sort(ns);
            return ns[SAMPLES / 2] / 1e6;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
