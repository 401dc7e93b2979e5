package io.paddock.compat.diff;

/**
 * One operation a client issues. {@link #run} performs it through the stock Java client on one side and returns
 * the rendered outcome; a thrown {@code KeeperException} or client-side rejection is rendered by the caller, so
 * an op only renders success. {@code toString} is the op as a script line, shown in failure reports.
 */
interface ZkOp {

    String run(SideRun run, SideRun.Slot slot) throws Exception;

    /** Ops that make the client reconnect take up to a second; the generator only uses them when asked to. */
    default boolean slow() {
        return false;
    }
}
