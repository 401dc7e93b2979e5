package io.paddock.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A running server started by {@link ServerLauncher}: its pid for /proc, its client port, and the time it
 * took from process start until it answered srvr with a Mode line.
 */
public final class ServerProcess implements AutoCloseable {
    static final long STOP_TIMEOUT_S = 60;

    private final ServerSetup setup;
    private final Path cfgFile;
    private final Path logFile;
    private final int clientPort;
    private final Process process;
    private final long startToServingMs;
    /** Kills the server if the bench JVM exits first (Ctrl-C, a crash): no orphan servers. */
    private final Thread reaper;

    ServerProcess(ServerSetup setup, Path cfgFile, Path logFile, int clientPort, Process process,
                  long startToServingMs) {
        this.setup = setup;
        this.cfgFile = cfgFile;
        this.logFile = logFile;
        this.clientPort = clientPort;
        this.process = process;
        this.startToServingMs = startToServingMs;
        this.reaper = new Thread(process::destroyForcibly, "bench-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public ServerKind kind() {
        return setup.kind();
    }

    public ServerSetup setup() {
        return setup;
    }

    public Path cfgFile() {
        return cfgFile;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public int clientPort() {
        return clientPort;
    }

    public String connectString() {
        return "127.0.0.1:" + clientPort;
    }

    public long startToServingMs() {
        return startToServingMs;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcStat.Sample sample() {
        return ProcStat.sample(process.pid());
    }

    public String srvr() throws IOException {
        return FourLetterWord.send("127.0.0.1", clientPort, "srvr", 5_000);
    }

    /** SIGTERM, as an operator stops a server; SIGKILL if it has not exited within a minute. */
    public void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The end of the server's log, for error messages. */
    public String logTail() {
        return logTail(logFile);
    }

    static String logTail(Path logFile) {
        try {
            String log = Files.readString(logFile, StandardCharsets.UTF_8);
            return log.length() <= 3000 ? log : log.substring(log.length() - 3000);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return setup.kind().displayName() + " pid " + pid() + " on " + connectString();
    }
}
