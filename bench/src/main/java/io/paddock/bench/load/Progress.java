package io.paddock.bench.load;

import java.io.PrintStream;

/**
 * The one line that says what runs now: rewritten in place on a terminal, printed every few seconds
 * otherwise (CI logs).
 */
public final class Progress {
    static final long LOG_INTERVAL_NS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastLoggedNs = Long.MIN_VALUE / 2;
    private int lastLength;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static Progress toStderr() {
        return new Progress(System.err, System.console() != null);
    }

    public static Progress silent() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()), false);
    }

    public synchronized void update(String line) {
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            out.flush();
            lastLength = line.length();
            return;
        }
        long now = System.nanoTime();
        if (now - lastLoggedNs >= LOG_INTERVAL_NS) {
            out.println(line);
            lastLoggedNs = now;
        }
    }

    /** A line that stays: the result of a run, a phase starting. */
    public synchronized void note(String line) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(line);
        lastLoggedNs = Long.MIN_VALUE / 2;
    }
}
