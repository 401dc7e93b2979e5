package io.paddock.compat.diff;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The knobs of the differential test, read from system properties (Maven passes {@code -D} values through to the
 * test JVM):
 * <ul>
 *   <li>{@code diff.against} — {@code paddock} (default) or {@code zookeeper}: what the real ZooKeeper 3.9.5 is
 *       compared with. {@code zookeeper} runs two ZooKeepers, which validates the harness and its normalisation.</li>
 *   <li>{@code diff.tries} — generated sequences per run (default 100, about 15 s against ZooKeeper).</li>
 *   <li>{@code diff.steps} — the longest sequence (default 30).</li>
 *   <li>{@code diff.slow} — also generate ops that make a client reconnect (each costs up to a second).</li>
 *   <li>{@code diff.seed} — jqwik seed, to replay a run.</li>
 *   <li>{@code diff.verbose} — print every sequence's transcript, not only mismatches.</li>
 *   <li>{@code diff.clientSocket} — {@code netty} (default, faster to close) or {@code nio}: the client's
 *       transport; both are the stock client.</li>
 *   <li>{@code diff.ignoreStatFields} — stat fields not compared, e.g. {@code cv,pz}: to look past a known
 *       difference while it is being fixed.</li>
 *   <li>{@code diff.fresh} — fresh servers for every sequence instead of reusing them (slower).</li>
 * </ul>
 */
final class DiffConfig {

    static final int DEFAULT_TRIES = 100;
    static final int DEFAULT_STEPS = 30;

    private DiffConfig() {
    }

    static String against() {
        String against = System.getProperty("diff.against", "paddock").trim().toLowerCase(Locale.ROOT);
        if (!against.equals("paddock") && !against.equals("zookeeper")) {
            throw new IllegalArgumentException("diff.against must be paddock or zookeeper, not " + against);
        }
        return against;
    }

    static int tries() {
        return Integer.getInteger("diff.tries", DEFAULT_TRIES);
    }

    static int maxSteps() {
        return Integer.getInteger("diff.steps", DEFAULT_STEPS);
    }

    static boolean slowOps() {
        return Boolean.getBoolean("diff.slow");
    }

    static boolean freshServers() {
        return Boolean.getBoolean("diff.fresh");
    }

    /** Print every sequence's report, also when both sides agree ({@code diff.verbose}). */
    static boolean verbose() {
        return Boolean.getBoolean("diff.verbose");
    }

    /** The stock client's Netty socket (default) or its NIO one ({@code -Ddiff.clientSocket=nio}). */
    static boolean nettyClient() {
        return !System.getProperty("diff.clientSocket", "netty").equalsIgnoreCase("nio");
    }

    /**
     * Stat fields left out of the comparison ({@code -Ddiff.ignoreStatFields=cv,pz}), for triage: to look past
     * a known difference at the next one. Names as printed: cz mz pz v cv av eo dl nc ct mt.
     */
    static Set<String> ignoredStatFields() {
        return IGNORED_STAT_FIELDS;
    }

    private static final Set<String> IGNORED_STAT_FIELDS = Set.copyOf(Arrays.stream(
            System.getProperty("diff.ignoreStatFields", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList());

    static Optional<String> seed() {
        return Optional.ofNullable(System.getProperty("diff.seed")).filter(s -> !s.isBlank());
    }

    /** Where mismatch reports are written: target/diff-reports of the module. */
    static Path reportDir() {
        return Path.of(System.getProperty("diff.reportDir", "target/diff-reports"));
    }
}
