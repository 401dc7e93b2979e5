package io.paddock.bench.cli;

import java.util.Locale;

/** What paddock-bench does; the first argument. */
enum Mode {
    /** Workloads on both servers alternately, medians and ratios. */
    SIDE_BY_SIDE,
    /** RSS, live heap and restart time with many znodes, both servers. */
    MEMORY,
    /** side-by-side then memory, one report. */
    ALL,
    /** Short side-by-side of every workload plus a tiny memory run: the CI check that it all works. */
    SMOKE,
    /** Workloads against one already running server (--connect), no comparison. */
    LOAD;

    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Mode of(String text) {
        for (Mode mode : values()) {
            if (mode.key().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode \"" + text + "\"; see --help");
    }
}
