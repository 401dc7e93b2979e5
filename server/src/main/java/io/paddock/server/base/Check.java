package io.paddock.server.base;

/**
 * Assertions that stay on in production. A broken invariant means the replica's state is unknown; it
 * stops loudly rather than serve or replicate a state it cannot vouch for.
 */
public final class Check {

    private Check() {
    }

    public static final class InvariantViolation extends IllegalStateException {
        public InvariantViolation(String message) {
            super(message);
        }
    }

    public static void that(boolean condition, String what) {
        if (!condition) {
            throw new InvariantViolation(what);
        }
    }

    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, args));
        }
    }
}
