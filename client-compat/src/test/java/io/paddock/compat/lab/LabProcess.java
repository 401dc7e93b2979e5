package io.paddock.compat.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One lab program running as a real process ({@code /usr/bin/python3 examples/lab/X.py ...}). A reader thread
 * collects its event lines as they are printed; stderr is kept (bounded) for failure messages. Killing it with
 * {@link #kill()} is a SIGKILL, {@link #stop()} a SIGTERM (the programs exit cleanly on it).
 */
final class LabProcess {
    static final String PYTHON = "/usr/bin/python3";
    private static final int STDERR_CHARS_MAX = 20_000;
    private static final long POLL_MS = 10;

    private final String name;
    private final Process process;
    private final double startedS;
    private final List<LabLine> lines = new CopyOnWriteArrayList<>();
    private final List<String> otherOutput = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutReader;
    private volatile double endS = Double.NaN;
    private volatile boolean killed;

    private LabProcess(String name, Process process, double startedS) {
        this.name = name;
        this.process = process;
        this.startedS = startedS;
        this.stdoutReader = daemon(name + "-stdout", () -> readStdout(process.getInputStream()));
        daemon(name + "-stderr", () -> readStderr(process.getErrorStream()));
    }

    static LabProcess start(Path labDir, String name, List<String> args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(PYTHON);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(labDir.toFile());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        double startedS = Lab.nowS();
        try {
            return new LabProcess(name, builder.start(), startedS);
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + command, e);
        }
    }

    String name() {
        return name;
    }

    double startedS() {
        return startedS;
    }

    List<LabLine> lines() {
        return List.copyOf(lines);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean wasKilled() {
        return killed;
    }

    /** When the test killed or stopped it (before the signal), NaN while it runs or when it exited by itself. */
    double endS() {
        return endS;
    }

    Optional<LabLine> last(String event) {
        LabLine found = null;
        for (LabLine line : lines) {
            if (line.is(event)) {
                found = line;
            }
        }
        return Optional.ofNullable(found);
    }

    Optional<LabLine> lastLine() {
        List<LabLine> copy = lines();
        return copy.isEmpty() ? Optional.empty() : Optional.of(copy.get(copy.size() - 1));
    }

    long count(String event) {
        return lines.stream().filter(l -> l.is(event)).count();
    }

    /** Waits for a line matching test, printed at any time; fails the test after timeout. */
    LabLine await(Predicate<LabLine> test, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (LabLine line : lines) {
                if (test.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + "\n" + describe());
            }
            if (!process.isAlive() && !stdoutReader.isAlive()) {
                // All of its output is in; one more look, then give up.
                for (LabLine line : lines) {
                    if (test.test(line)) {
                        return line;
                    }
                }
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + "\n"
                        + describe());
            }
            sleepMs(POLL_MS);
        }
    }

    LabLine await(String event, Duration timeout) {
        return await(l -> l.is(event), timeout, event);
    }

    /** SIGKILL, like kill -9; returns the time just before the signal. Lines printed before it are kept. */
    double kill() {
        double at = Lab.nowS();
        endS = at;
        killed = true;
        // Through the ProcessHandle: Process.destroy* would also close our end of its pipes, losing the lines it
        // printed just before it died.
        process.toHandle().destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
        return at;
    }

    /** SIGTERM: the program stops what it does, closes its session and exits. Returns the time before it. */
    double stop() {
        double at = beginStop();
        waitForExit(Duration.ofSeconds(15));
        return at;
    }

    /** Sends SIGTERM without waiting; see {@link Lab#stopAll()}. */
    double beginStop() {
        double at = Lab.nowS();
        endS = at;
        process.toHandle().destroy();
        return at;
    }

    /** Waits for the process to exit on its own and for all of its output; returns its exit status. */
    int awaitExit(Duration timeout) {
        waitForExit(timeout);
        return process.exitValue();
    }

    private void waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().destroyForcibly();
                throw new AssertionError(name + " did not exit within " + timeout + "\n" + describe());
            }
            stdoutReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Kills it if it still runs; for cleanup. */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String describe() {
        StringBuilder b = new StringBuilder("--- ").append(name).append(" output:\n");
        for (LabLine line : lines) {
            b.append("  ").append(line).append('\n');
        }
        for (String other : otherOutput) {
            b.append("  | ").append(other).append('\n');
        }
        if (stderr.length() > 0) {
            b.append("--- ").append(name).append(" stderr:\n").append(stderr);
        }
        return b.toString();
    }

    OptionalDouble timeOf(String event) {
        return lines.stream().filter(l -> l.is(event)).mapToDouble(LabLine::timeS).findFirst();
    }

    private void readStdout(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                Optional<LabLine> line = LabLine.parse(name, text, Lab.nowS());
                if (line.isPresent()) {
                    lines.add(line.get());
                } else {
                    otherOutput.add(text);
                }
            }
        } catch (IOException e) {
            otherOutput.add("(reading stdout failed: " + e + ")");
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (stderr.length() < STDERR_CHARS_MAX) {
                    stderr.append(text).append('\n');
                }
            }
        } catch (IOException e) {
            stderr.append("(reading stderr failed: ").append(e).append(")\n");
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
