package io.paddock.server.tools.zk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where an Apache ZooKeeper server keeps its files: {@code snapshot.<zxid>[.gz|.snappy]} in
 * {@code dataDir/version-2}, {@code log.<zxid>} in {@code dataLogDir/version-2} (the same directory when
 * dataLogDir is not set). The zxid in a file name is hexadecimal: for a snapshot, the last txn applied when
 * it started; for a log, its first txn. File choice follows ZooKeeper's {@code FileSnap} and
 * {@code FileTxnLog.getLogFiles}.
 */
public record ZkDataDir(Path snapDir, Path logDir) {
    public static final String VERSION_DIR = "version-2";
    public static final String SNAPSHOT_PREFIX = "snapshot";
    public static final String LOG_PREFIX = "log";

    /** A snapshot or log file and the zxid its name carries. */
    public record ZkFile(Path path, long zxid) {
    }

    /**
     * The version-2 directories under dataDir and dataLogDir (null: the same as dataDir). Either may be
     * given as the version-2 directory itself.
     */
    public static ZkDataDir locate(Path dataDir, Path dataLogDir) throws IOException {
        Path snapDir = versionDir(dataDir);
        Path logDir = dataLogDir == null ? snapDir : versionDir(dataLogDir);
        return new ZkDataDir(snapDir, logDir);
    }

    private static Path versionDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        Path nested = dir.resolve(VERSION_DIR);
        if (Files.isDirectory(nested)) {
            return nested;
        }
        if (dir.getFileName() != null && VERSION_DIR.equals(dir.getFileName().toString())
                || !files(dir, SNAPSHOT_PREFIX).isEmpty() || !files(dir, LOG_PREFIX).isEmpty()) {
            return dir;
        }
        throw new IOException("no ZooKeeper data in " + dir + ": it has neither a " + VERSION_DIR
                + " directory nor snapshot.* or log.* files");
    }

    /** Snapshot files, newest (highest zxid) first. */
    public List<ZkFile> snapshotsNewestFirst() throws IOException {
        List<ZkFile> snapshots = files(snapDir, SNAPSHOT_PREFIX);
        snapshots.sort(Comparator.comparingLong(ZkFile::zxid).reversed());
        return snapshots;
    }

    /** All log files, oldest first. */
    public List<ZkFile> logs() throws IOException {
        List<ZkFile> logs = files(logDir, LOG_PREFIX);
        logs.sort(Comparator.comparingLong(ZkFile::zxid));
        return logs;
    }

    /**
     * The log files that may hold txns after snapshotZxid, oldest first: the newest one that starts at or
     * before it (it may continue past it), and every later one.
     */
    public List<ZkFile> logsAfter(long snapshotZxid) throws IOException {
        List<ZkFile> logs = logs();
        long startOfFirst = 0;
        for (ZkFile log : logs) {
            if (log.zxid() > snapshotZxid) {
                break;
            }
            startOfFirst = Math.max(startOfFirst, log.zxid());
        }
        List<ZkFile> chosen = new ArrayList<>();
        for (ZkFile log : logs) {
            if (log.zxid() >= startOfFirst) {
                chosen.add(log);
            }
        }
        return chosen;
    }

    /** The zxid of a "prefix.<hex>[.suffix]" file name, or -1 when the name is not one of those. */
    public static long zxidFromName(String name, String prefix) {
        String[] parts = name.split("\\.");
        if (parts.length < 2 || !parts[0].equals(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(parts[1], 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<ZkFile> files(Path dir, String prefix) throws IOException {
        List<ZkFile> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path path : entries.toList()) {
                long zxid = zxidFromName(path.getFileName().toString(), prefix);
                if (zxid != -1 && Files.isRegularFile(path)) {
                    found.add(new ZkFile(path, zxid));
                }
            }
        }
        return found;
    }
}
