package io.paddock.server.tree;

import io.paddock.server.base.Limits;

/**
 * ZooKeeper's encoding of what owns a node ({@code EphemeralType}): 0 for persistent nodes, a session id
 * for ephemerals, {@link #CONTAINER} for containers, and 0xFF00 in the top two bytes plus the TTL in
 * the low 40 bits for TTL nodes. Clients see 0 for containers and TTL nodes.
 */
public final class EphemeralOwner {
    public static final long CONTAINER = Long.MIN_VALUE;
    private static final long EXTENDED_MASK = 0xFF00000000000000L;
    private static final long TTL_TYPE_MASK = 0xFFFF000000000000L;
    private static final long TTL_TYPE = 0xFF00000000000000L;

    private EphemeralOwner() {
    }

    public static long ttl(long ttlMs) {
        return TTL_TYPE | (ttlMs & Limits.TTL_MAX_MS);
    }

    public static boolean isContainer(long owner) {
        return owner == CONTAINER;
    }

    public static boolean isTtl(long owner) {
        return (owner & TTL_TYPE_MASK) == TTL_TYPE;
    }

    public static long ttlMs(long owner) {
        return owner & Limits.TTL_MAX_MS;
    }

    /** A session owns the node: it goes when the session ends. */
    public static boolean isSession(long owner) {
        return owner != 0 && !isContainer(owner) && (owner & EXTENDED_MASK) != EXTENDED_MASK;
    }

    /** What a Stat shows: the session for ephemerals, else 0. */
    public static long forClient(long owner) {
        return isSession(owner) ? owner : 0;
    }
}
