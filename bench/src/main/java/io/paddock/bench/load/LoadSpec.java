package io.paddock.bench.load;

import java.time.Duration;

/**
 * How hard and how long to push.
 *
 * @param sessions           client sessions (ZooKeeper objects), each its own TCP connection
 * @param inFlightPerSession closed loop: requests outstanding per session, a new one sent as one completes
 * @param rateOpsPerSec      when positive, a paced open loop instead: this many requests per second in
 *                           total, each one's latency measured from the time it was meant to be sent
 * @param warmup             load before measuring: JIT compilation and heap sizing of both JVMs
 * @param duration           the measured window
 */
public record LoadSpec(int sessions, int inFlightPerSession, double rateOpsPerSec, Duration warmup,
                       Duration duration) {
    /** How long requests still outstanding at the end may take before they count as NO_RESPONSE. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Paced mode stops sending (and charges the wait to the requests' latency) past this many outstanding. */
    public static final int PACED_OUTSTANDING_MAX = 20_000;

    public LoadSpec {
        if (sessions < 1 || inFlightPerSession < 1 || rateOpsPerSec < 0) {
            throw new IllegalArgumentException("sessions and in-flight must be positive, rate not negative");
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive and warmup not negative");
        }
    }

    public boolean paced() {
        return rateOpsPerSec > 0;
    }

    public LoadSpec withSessions(int newSessions, int newInFlight) {
        return new LoadSpec(newSessions, newInFlight, rateOpsPerSec, warmup, duration);
    }
}
