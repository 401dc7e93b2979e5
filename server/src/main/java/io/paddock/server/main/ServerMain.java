package io.paddock.server.main;

import io.paddock.server.admin.Version;
import io.paddock.server.storage.rocksdb.RocksStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * The server process: {@code ServerMain [zoo.cfg]} (default {@value ZooCfg#DEFAULT_CONFIG_PATH}, relative to
 * the working directory), or {@code ServerMain --version}. This is the only class that reads the
 * environment; everything below it gets a {@link ServerConfig} value.
 *
 * <p>Exit status: 0 after a clean shutdown or {@code --version}, 1 when the server fails to start, 2 when the
 * config is wrong or asks for something Paddock cannot do yet (an ensemble). Config problems are printed as
 * one line, without a stack trace: they are the operator's to fix, not ours.
 */
public final class ServerMain {

    static final int EXIT_FAILED = 1;
    static final int EXIT_CONFIG = 2;

    /** Used unless the JVM was given -Djava.util.logging.config.file (bin/zkServer.sh passes conf's). */
    private static final String DEFAULT_LOGGING = String.join("\n",
            "handlers=java.util.logging.ConsoleHandler",
            ".level=INFO",
            "java.util.logging.ConsoleHandler.level=ALL",
            "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter",
            "java.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n",
            "");

    private static final Logger LOG = System.getLogger(ServerMain.class.getName());

    private ServerMain() {
    }

    public static void main(String[] args) {
        // Extracting and loading RocksDB's native library takes ~130 ms; it overlaps reading the config and
        // starting Netty instead of preceding them (a restart is timed from process start to serving).
        Thread preload = new Thread(RocksStorage::loadNativeLibrary, "paddock-preload");
        preload.setDaemon(true);
        preload.start();
        configureLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs until the JVM shuts down when the server starts; otherwise returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("--version")) {
            out.println(describeVersion());
            return 0;
        }
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.println("usage: ServerMain [zoo.cfg]   (default " + ZooCfg.DEFAULT_CONFIG_PATH + ")");
            err.println("       ServerMain --version");
            return EXIT_CONFIG;
        }
        Path configFile = Path.of(args.length == 1 ? args[0] : ZooCfg.DEFAULT_CONFIG_PATH);
        ServerConfig config;
        try {
            config = readConfig(configFile);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        Optional<String> refusal = ensembleRefusal(configFile, config);
        if (refusal.isPresent()) {
            err.println(refusal.get());
            return EXIT_CONFIG;
        }
        return serve(config);
    }

    private static ServerConfig readConfig(Path configFile) throws ConfigException {
        LOG.log(Level.INFO, "{0} reading configuration from {1}", describeVersion(),
                configFile.toAbsolutePath());
        ZooCfg.Parsed parsed = ZooCfg.parse(configFile);
        for (String warning : parsed.warnings()) {
            LOG.log(Level.WARNING, warning);
        }
        return parsed.config();
    }

    /**
     * An ensemble needs replication, which is a later issue. One server.N line is not an ensemble: ZooKeeper
     * runs such a config standalone (HBase writes one), and so do we.
     */
    static Optional<String> ensembleRefusal(Path configFile, ServerConfig config) {
        String prefix = "Paddock " + Version.PADDOCK + " does not run ensembles yet: " + configFile;
        if (config.servers().size() > 1) {
            return Optional.of(prefix + " names " + config.servers().size()
                    + " servers; remove the server.N lines to run standalone");
        }
        if ("false".equalsIgnoreCase(config.others().getOrDefault("standaloneEnabled", "true"))) {
            return Optional.of(prefix + " sets standaloneEnabled=false; remove it and the server.N lines"
                    + " to run standalone");
        }
        return Optional.empty();
    }

    private static int serve(ServerConfig config) {
        PaddockServer server;
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.dataLogDir());
            server = PaddockServer.start(config);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Paddock failed to start: {0}", e.toString());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Paddock failed to start: " + e, e);
            return EXIT_FAILED;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "Paddock shutting down");
            try {
                server.close();
            } finally {
                closed.countDown();
            }
        }, "paddock-shutdown"));
        // The configured host (a bound wildcard reads back as [::]) with the bound port (0 asks for any).
        LOG.log(Level.INFO, "Paddock serving clients on {0}",
                hostPort(config.clientAddress().getHostString(), server.clientAddress().getPort()));
        try {
            // The JVM ends the wait: on SIGTERM or SIGINT it runs the hook above, then halts.
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The line {@code zkServer.sh version} prints. */
    static String describeVersion() {
        return "Paddock " + Version.PADDOCK + ", speaking the Apache ZooKeeper " + Version.ZOOKEEPER_PROTOCOL
                + " client protocol";
    }

    static String hostPort(InetSocketAddress address) {
        return hostPort(address.getHostString(), address.getPort());
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(DEFAULT_LOGGING.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IllegalStateException("the built-in logging configuration is unreadable", e);
        }
    }
}
