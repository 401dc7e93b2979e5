package io.paddock.bench.load;

/**
 * Called exactly once per request a {@link Workload} fires, from whatever thread the client calls back on.
 *
 * @param rc a {@code KeeperException.Code} int value; 0 is OK
 */
@FunctionalInterface
public interface Completion {
    void complete(OpKind kind, int rc);
}
