package io.paddock.compat.lab;

import static org.junit.jupiter.api.Assertions.fail;

import io.paddock.compat.fixture.Clients;
import io.paddock.compat.fixture.ServerOptions;
import io.paddock.compat.fixture.Servers;
import io.paddock.compat.fixture.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * One lab scenario: a server with short sessions (tick 200 ms; the programs ask for {@link #SESSION_TIMEOUT_MS}),
 * the lab programs it runs as real processes, a seeded random source for the moments they are killed, and a
 * ZooKeeper Java client for the observer to look at znodes.
 *
 * <p>System properties: {@code lab.long=true} for the long run (more rounds, more kills), {@code lab.seed=N}
 * to repeat a run's choices (the timing of real processes still varies), and the module's {@code compat.target}
 * ({@code zookeeper} runs the same scenario against Apache ZooKeeper, which validates the observer).
 */
final class Lab implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 2_000;
    static final boolean LONG = Boolean.getBoolean("lab.long");
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private final String scenario;
    private final TestServer server;
    private final Path labDir;
    private final long seed;
    private final Random random;
    private final List<LabProcess> processes = new ArrayList<>();
    private ZooKeeper zk;

    private Lab(String scenario, TestServer server, Path labDir, long seed) {
        this.scenario = scenario;
        this.server = server;
        this.labDir = labDir;
        this.seed = seed;
        this.random = new Random(seed);
    }

    static Lab start(String scenario, Path dataDir) {
        requireKazoo();
        Path labDir = labDir();
        long seed = Long.getLong("lab.seed", System.nanoTime() ^ scenario.hashCode());
        TestServer server = Servers.target(dataDir, ServerOptions.shortSessions());
        Lab lab = new Lab(scenario, server, labDir, seed);
        lab.report("scenario " + scenario + " on " + server.kind() + ", seed " + seed
                + (LONG ? ", long run" : "") + ", session timeout " + SESSION_TIMEOUT_MS + " ms");
        return lab;
    }

    /** The same clock as Python's time.monotonic() (CLOCK_MONOTONIC on Linux), in seconds. */
    static double nowS() {
        return System.nanoTime() / 1e9;
    }

    /** Fails, never skips, when the lab programs cannot run: the lab is part of what Paddock promises. */
    static void requireKazoo() {
        String hint = "The lab tests run examples/lab/*.py with " + LabProcess.PYTHON + " and Kazoo. "
                + "Run the suite with bin/run-tests.sh, which installs python3-kazoo with apt-get, "
                + "or install Kazoo for " + LabProcess.PYTHON + " yourself.";
        try {
            Process probe = new ProcessBuilder(LabProcess.PYTHON, "-c", "import kazoo")
                    .redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                fail(LabProcess.PYTHON + " cannot import kazoo: " + output.trim() + "\n" + hint);
            }
        } catch (IOException e) {
            fail("cannot run " + LabProcess.PYTHON + ": " + e + "\n" + hint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** examples/lab of the repo: surefire runs in client-compat/, an IDE may run in the repo root. */
    static Path labDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here.resolve("../examples/lab"), here.resolve("examples/lab"))) {
            if (Files.isRegularFile(candidate.resolve("labzk.py"))) {
                return candidate.normalize();
            }
        }
        throw new AssertionError("examples/lab not found from " + here);
    }

    Random random() {
        return random;
    }

    /** A uniformly random duration in [minMs, maxMs], from the seeded source. */
    long randomMs(long minMs, long maxMs) {
        return minMs + (long) (random.nextDouble() * (maxMs - minMs));
    }

    String connectString() {
        return server.connectString();
    }

    int clientPort() {
        return server.clientPort();
    }

    String kind() {
        return server.kind();
    }

    /** Starts {@code script} with the common options first, then {@code tail} (a subcommand and its options). */
    LabProcess spawn(String name, String script, String root, String... tail) {
        return spawnVia(connectString(), name, script, root, tail);
    }

    /** Like {@link #spawn} but connecting to {@code hosts}, e.g. through a proxy. */
    LabProcess spawnVia(String hosts, String name, String script, String root, String... tail) {
        List<String> args = new ArrayList<>(List.of(script, "--hosts", hosts,
                "--timeout", Double.toString(SESSION_TIMEOUT_MS / 1000.0), "--id", name, "--root", root));
        args.addAll(List.of(tail));
        LabProcess process = LabProcess.start(labDir, name, args);
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    List<LabProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    List<LabProcess> alive() {
        return processes().stream().filter(LabProcess::isAlive).toList();
    }

    /** SIGTERM to every live program at once, then waits for all of them: each exits cleanly with status 0. */
    void stopAll() {
        List<LabProcess> stopping = alive();
        stopping.forEach(LabProcess::beginStop);
        for (LabProcess p : stopping) {
            int status = p.awaitExit(Duration.ofSeconds(15));
            if (status != 0) {
                throw new AssertionError(p.name() + " exited with " + status + " on SIGTERM\n" + p.describe());
            }
        }
    }

    List<LabLine> allLines() {
        List<LabLine> all = new ArrayList<>();
        for (LabProcess p : processes()) {
            all.addAll(p.lines());
        }
        all.sort((a, b) -> Double.compare(a.timeS(), b.timeS()));
        return all;
    }

    /** The observer's own client, connected on first use. */
    ZooKeeper zk() {
        if (zk == null) {
            zk = Clients.connect(server);
        }
        return zk;
    }

    List<String> children(String path) {
        try {
            return zk().getChildren(path, false);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (KeeperException e) {
            throw new AssertionError("getChildren " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A four-letter word's answer, e.g. wchp (data watches by path). */
    String fourLetterWord(String word) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), clientPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(word, e);
        }
    }

    /** Waits (the observer may poll; the programs may not) until condition holds. */
    void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (seed " + seed + ")\n" + describeAll());
            }
            LabProcess.sleepMs(10);
        }
    }

    /**
     * Checks the premise of every timing comparison: a program's monotonic clock is the test's. Each program's
     * first line must carry a time between the moment the test started it and the moment the test read it.
     */
    void checkClocks() {
        for (LabProcess p : processes()) {
            for (LabLine line : p.lines()) {
                if (line.is("CONNECTED")) {
                    if (line.timeS() < p.startedS() - 0.01 || line.timeS() > line.arrivedS() + 0.01) {
                        throw new AssertionError("the programs' clock is not the test's: " + line + " from "
                                + p.name() + " started at " + p.startedS() + ", read at " + line.arrivedS());
                    }
                    break;
                }
            }
        }
    }

    String describeAll() {
        StringBuilder b = new StringBuilder();
        for (LabProcess p : processes()) {
            b.append(p.describe());
        }
        return b.toString();
    }

    /** Prints a result line and appends it to target/lab-report.txt, where the takeover times end up. */
    void report(String text) {
        String line = "[lab] " + text;
        System.out.println(line);
        try {
            Path file = Path.of("target", "lab-report.txt");
            if (Files.isDirectory(file.getParent())) {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            System.out.println("[lab] (could not write target/lab-report.txt: " + e + ")");
        }
    }

    long seed() {
        return seed;
    }

    String scenario() {
        return scenario;
    }

    @Override
    public void close() {
        for (LabProcess p : processes()) {
            p.destroy();
        }
        if (zk != null) {
            Clients.closeQuietly(zk);
        }
        server.close();
    }
}
