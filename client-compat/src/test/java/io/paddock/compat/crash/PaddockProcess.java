package io.paddock.compat.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Paddock as an operating system process, started from zoo.cfg the way {@code bin/zkServer.sh} starts it
 * ({@code server/target/classes} plus {@code server/target/lib/*}), so that a test can do to it what the world
 * does: SIGKILL, SIGSTOP / SIGCONT, a restart on the same data directory and port.
 *
 * <p>Each start appends the server's output to {@code server.log} in the work directory; failures quote its
 * tail. Needs {@code mvn -DskipTests package -pl server} first.
 */
final class PaddockProcess implements AutoCloseable {
    static final String SERVING_LINE = "Paddock serving clients on";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Path config;
    private final Path serverLog;
    private final int clientPort;
    private Process process;
    private int starts;
    private long lastStartMs;

    private PaddockProcess(Path workDir, Path config, int clientPort) {
        this.workDir = workDir;
        this.config = config;
        this.serverLog = workDir.resolve("server.log");
        this.clientPort = clientPort;
    }

    /**
     * Writes a zoo.cfg in {@code workDir} (data in {@code dataDir}, clients on a free port of 127.0.0.1,
     * forceSync=yes) with {@code extraKeys} on top; does not start anything.
     */
    static PaddockProcess configure(Path workDir, Path dataDir, Map<String, String> extraKeys) {
        int port = freePort();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tickTime", "2000");
        keys.put("dataDir", dataDir.toAbsolutePath().toString());
        keys.put("clientPort", Integer.toString(port));
        keys.put("clientPortAddress", "127.0.0.1");
        keys.put("forceSync", "yes");
        keys.put("4lw.commands.whitelist", "*");
        keys.put("maxClientCnxns", "0");
        keys.putAll(extraKeys);
        StringBuilder cfg = new StringBuilder();
        keys.forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
        Path config = workDir.resolve("zoo.cfg");
        try {
            Files.createDirectories(workDir);
            Files.writeString(config, cfg.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PaddockProcess(workDir, config, port);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server and waits until it logs that it serves; returns the time that took in ms. */
    long start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: pid " + process.pid());
        }
        long startNs = System.nanoTime();
        long logOffset = logSize();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g", "-cp", classpath(),
                "io.paddock.server.main.ServerMain", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        starts++;
        awaitServing(logOffset, startNs);
        lastStartMs = (System.nanoTime() - startNs) / 1_000_000;
        return lastStartMs;
    }

    private void awaitServing(long logOffset, long startNs) {
        long deadlineNs = startNs + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadlineNs) {
            if (logSince(logOffset).contains(SERVING_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Paddock exited with status " + process.exitValue()
                        + " during start " + starts + ":\n" + logSince(logOffset));
            }
            sleepMs(20);
        }
        throw new IllegalStateException("Paddock did not serve within " + START_TIMEOUT + ":\n" + logSince(logOffset));
    }

    /** SIGKILL: no shutdown hook, no flush; waits until the process is gone. */
    void kill() {
        Process p = requireProcess();
        p.destroyForcibly();
        awaitExit(p);
    }

    /** SIGTERM: the server's shutdown hook closes the storage cleanly. */
    void terminate() {
        Process p = requireProcess();
        p.destroy();
        awaitExit(p);
    }

    /** SIGSTOP: the process freezes; the kernel still accepts TCP connections on its port. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() {
        signal("CONT");
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return requireProcess().pid();
    }

    String connectString() {
        return "127.0.0.1:" + clientPort;
    }

    int clientPort() {
        return clientPort;
    }

    /** The server's output of every start so far, for failure messages. */
    String logTail(int maxChars) {
        String all = logSince(0);
        return all.length() <= maxChars ? all : "..." + all.substring(all.length() - maxChars);
    }

    /** Kills the process if it still runs; never throws. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            signalQuietly("CONT");
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process requireProcess() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process;
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + p.pid() + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void signal(String name) {
        int status = signalQuietly(name);
        if (status != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid() + " exited with " + status);
        }
    }

    private int signalQuietly(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            return kill.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long logSize() {
        try {
            return Files.exists(serverLog) ? Files.size(serverLog) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logSince(long offset) {
        try {
            if (!Files.exists(serverLog)) {
                return "";
            }
            byte[] all = Files.readAllBytes(serverLog);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server build is, when not in ../server/target (e.g. a copy kept aside from rebuilds). */
    static final String BUILD_PROPERTY = "crash.server.build";
    private static String classpath;

    /**
     * The launcher's classpath: {@code server/target/classes} and {@code server/target/lib/*}, relative to
     * client-compat (surefire's working directory) unless {@value #BUILD_PROPERTY} names another target
     * directory, copied once per JVM to a temporary directory so that a
     * rebuild of the server module during a long run cannot pull the classes from under a restart.
     */
    static synchronized String classpath() {
        if (classpath != null) {
            return classpath;
        }
        Path server = Path.of(System.getProperty(BUILD_PROPERTY, "../server/target")).toAbsolutePath().normalize();
        Path classes = server.resolve("classes");
        Path lib = server.resolve("lib");
        Path mainClass = classes.resolve("io/paddock/server/main/ServerMain.class");
        if (!Files.isRegularFile(mainClass) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("Paddock is not built: " + classes + " or " + lib
                    + " is missing; run mvn -B -o -DskipTests package -pl server");
        }
        try {
            Path copy = Files.createTempDirectory("paddock-build");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(copy)));
            copyTree(classes, copy.resolve("classes"));
            copyTree(lib, copy.resolve("lib"));
            classpath = copy.resolve("classes") + java.io.File.pathSeparator + copy.resolve("lib") + "/*";
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException("copying the server build", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory: nothing depends on it going.
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
