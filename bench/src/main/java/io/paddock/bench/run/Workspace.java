package io.paddock.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers' own directories (zoo.cfg, dataDir, log) under one temporary root. On close their logs are
 * kept in the output directory's logs/ and everything else is deleted.
 */
public final class Workspace implements AutoCloseable {
    private final Path root;
    private final Path logsDir;
    private final List<Path> runDirs = new ArrayList<>();

    public Workspace(Path outDir) throws IOException {
        this.root = Files.createTempDirectory("paddock-bench-");
        this.logsDir = outDir.resolve("logs");
    }

    /** A new, empty directory for one server; its name says which and what for. */
    public synchronized Path runDir(String name) {
        Path dir = root.resolve(name + "-" + runDirs.size());
        runDirs.add(dir);
        return dir;
    }

    @Override
    public synchronized void close() throws IOException {
        Files.createDirectories(logsDir);
        for (Path dir : runDirs) {
            Path log = dir.resolve("server.log");
            if (Files.exists(log)) {
                Files.copy(log, logsDir.resolve(dir.getFileName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        deleteTree(root);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw new UncheckedIOException(e);
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
