package io.paddock.server.admin;

import io.paddock.server.main.Environment;
import io.paddock.server.main.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The texts of conf, dirs and envi: configuration, disk usage and the JVM, none of it core state. They
 * read the disk and resolve the host name, so they run off the network threads.
 */
final class ConfText {
    /** What ZooKeeper prints for the ports it does not listen on: Paddock has no TLS client port yet. */
    private static final int NO_PORT = -1;
    private static final long BYTES_PER_MB = 1024 * 1024;

    private final ServerConfig config;
    private final Map<String, String> environment;

    ConfText(ServerConfig config, Map<String, String> environment) {
        this.config = config;
        this.environment = Map.copyOf(environment);
    }

    /** conf: ZooKeeperServer.dumpConf, key for key. */
    String conf(int clientPort) {
        return "clientPort=" + clientPort + "\n"
                + "secureClientPort=" + NO_PORT + "\n"
                + "dataDir=" + config.dataDir().toAbsolutePath() + "\n"
                + "dataDirSize=" + directoryBytes(config.dataDir()) + "\n"
                + "dataLogDir=" + config.dataLogDir().toAbsolutePath() + "\n"
                + "dataLogSize=" + directoryBytes(config.dataLogDir()) + "\n"
                + "tickTime=" + config.tickTimeMs() + "\n"
                + "maxClientCnxns=" + config.maxClientCnxns() + "\n"
                + "minSessionTimeout=" + config.minSessionTimeoutMs() + "\n"
                + "maxSessionTimeout=" + config.maxSessionTimeoutMs() + "\n"
                // ZooKeeper prints the configured backlog, -1 meaning "not set".
                + "clientPortListenBacklog=" + config.others().getOrDefault("clientPortListenBacklog", "-1") + "\n"
                + "serverId=" + config.myId() + "\n";
    }

    /** dirs: DirsCommand. */
    String dirs() {
        return "datadir_size: " + directoryBytes(config.dataDir()) + "\n"
                + "logdir_size: " + directoryBytes(config.dataLogDir()) + "\n";
    }

    /** envi: EnvCommand over ZooKeeper's Environment.list(). */
    String envi() {
        StringBuilder b = new StringBuilder("Environment:\n");
        b.append("zookeeper.version=").append(Version.fullVersion()).append('\n');
        b.append("host.name=").append(hostName()).append('\n');
        for (String key : Environment.PROPERTY_KEYS) {
            b.append(key).append('=').append(environment.getOrDefault(key, Environment.NOT_AVAILABLE)).append('\n');
        }
        Runtime runtime = Runtime.getRuntime();
        b.append("os.memory.free=").append(runtime.freeMemory() / BYTES_PER_MB).append("MB\n");
        b.append("os.memory.max=").append(runtime.maxMemory() / BYTES_PER_MB).append("MB\n");
        b.append("os.memory.total=").append(runtime.totalMemory() / BYTES_PER_MB).append("MB\n");
        return b.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return Environment.NOT_AVAILABLE;
        }
    }

    /**
     * ZooKeeperServer.getDirSize: the bytes of every regular file under dir, 0 for a directory that does
     * not exist. Files that vanish during the walk (RocksDB compacting) count as 0, not as an error.
     */
    static long directoryBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.isRegularFile() ? attrs.size() : 0;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
        return total[0];
    }
}
