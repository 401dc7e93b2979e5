package io.paddock.bench.server;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a server as its own JVM in its own directory (zoo.cfg, dataDir, log) on a free loopback port, and
 * returns once it serves. Starting again in the same directory reuses its data: that is a restart.
 */
public final class ServerLauncher {
    /** Generous: ZooKeeper replaying a large log on a slow disk takes a while. */
    static final long SERVING_TIMEOUT_MS = 300_000;
    static final long POLL_INTERVAL_MS = 10;
    static final int POLL_TIMEOUT_MS = 1_000;

    private ServerLauncher() {
    }

    /** A fresh server in runDir (created; must not hold a previous server's data unless restarting). */
    public static ServerProcess start(ServerSetup setup, Path runDir) throws IOException {
        for (Path dir : setup.classpathDirs()) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(setup.kind().displayName() + " is not built: " + dir + " is missing"
                        + " (run mvn -B -DskipTests package at the repo root)");
            }
        }
        Files.createDirectories(runDir);
        Path dataDir = runDir.resolve("data");
        Files.createDirectories(dataDir);
        Path cfgFile = runDir.resolve("zoo.cfg");
        Files.writeString(cfgFile, setup.zooCfg(dataDir, FreePorts.pick()));
        return launch(setup, cfgFile, runDir.resolve("server.log"), readPort(cfgFile));
    }

    /** The same server again, on the same port and data: process start to serving is its restart time. */
    public static ServerProcess restart(ServerProcess stopped) throws IOException {
        if (stopped.isAlive()) {
            throw new IllegalStateException(stopped + " is still running");
        }
        return launch(stopped.setup(), stopped.cfgFile(), stopped.logFile(), stopped.clientPort());
    }

    private static ServerProcess launch(ServerSetup setup, Path cfgFile, Path logFile, int clientPort)
            throws IOException {
        Files.writeString(logFile, "== " + String.join(" ", setup.command(cfgFile)) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(setup.command(cfgFile))
                .directory(cfgFile.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()));
        long startNs = System.nanoTime();
        Process process = builder.start();
        try {
            awaitServing(setup, process, clientPort, startNs, logFile);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        long startToServingMs = (System.nanoTime() - startNs) / 1_000_000;
        return new ServerProcess(setup, cfgFile, logFile, clientPort, process, startToServingMs);
    }

    private static void awaitServing(ServerSetup setup, Process process, int clientPort, long startNs,
                                     Path logFile) throws IOException {
        long deadlineNs = startNs + SERVING_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadlineNs) {
            if (!process.isAlive()) {
                throw new IOException(setup.kind().displayName() + " exited with status " + process.exitValue()
                        + " before serving; its log ends with:\n" + ServerProcess.logTail(logFile));
            }
            try {
                if (FourLetterWord.serving(FourLetterWord.send("127.0.0.1", clientPort, "srvr", POLL_TIMEOUT_MS))) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet, or it closed the connection while starting: poll again.
            }
            sleepMs(POLL_INTERVAL_MS);
        }
        throw new IOException(setup.kind().displayName() + " did not serve within " + SERVING_TIMEOUT_MS
                + " ms; its log ends with:\n" + ServerProcess.logTail(logFile));
    }

    private static int readPort(Path cfgFile) throws IOException {
        return Files.readAllLines(cfgFile).stream().filter(line -> line.startsWith("clientPort="))
                .map(line -> Integer.parseInt(line.substring("clientPort=".length()).trim()))
                .findFirst().orElseThrow(() -> new IOException("no clientPort in " + cfgFile));
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server", e);
        }
    }
}
