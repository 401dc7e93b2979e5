package io.paddock.protocol;

/** Bounds of the wire that are ours rather than ZooKeeper's. */
public final class Limits {
    /** A multi with more ops than this is refused as malformed; a frame of jute.maxbuffer holds far fewer. */
    public static final int MULTI_OPS_MAX = 100_000;

    private Limits() {
    }
}
