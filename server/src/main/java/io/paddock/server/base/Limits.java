package io.paddock.server.base;

/** Every bound of the server, named in one place. Counts and bytes; config may lower some of them. */
public final class Limits {
    /** Inputs waiting for the replica loop; producers beyond it are throttled, then refused. */
    public static final int LOOP_INPUTS_MAX = 65_536;
    /** Inputs one turn of the loop takes before it persists and releases what they produced. */
    public static final int LOOP_BATCH_MAX = 1_024;
    /**
     * Batches and snapshot updates waiting for the storage thread. A full queue blocks the loop, which in
     * turn stops reading clients: a slow disk throttles them instead of growing memory.
     */
    public static final int STORAGE_QUEUE_MAX = 256;
    /** Snapshot updates waiting to be written; each holds every node changed during one save interval. */
    public static final int SNAPSHOT_QUEUE_MAX = 4;
    /** Requests of one connection waiting behind its own uncommitted writes. */
    public static final int CONNECTION_QUEUED_MAX = 10_000;
    /** Bytes a connection may have unsent before it is closed as a client that does not read. */
    public static final long CONNECTION_UNSENT_BYTES_MAX = 64L * 1024 * 1024;
    /** Txns proposed but not yet persisted. */
    public static final int PROPOSALS_IN_FLIGHT_MAX = 100_000;
    /** Containers and TTL nodes deleted per reaping pass ("znode.container.maxPerMinute"). */
    public static final int REAP_PER_PASS_MAX = 10_000;
    /** Sessions expired per tick; the rest wait for the next tick. */
    public static final int EXPIRIES_PER_TICK_MAX = 10_000;
    /** The largest TTL a node may have: 40 bits of milliseconds, as in ZooKeeper's EphemeralType. */
    public static final long TTL_MAX_MS = 0xFFFFFFFFFFL;

    private Limits() {
    }
}
