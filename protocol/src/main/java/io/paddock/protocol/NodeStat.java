package io.paddock.protocol;

/** A znode's Stat exactly as the wire carries it ({@code org.apache.zookeeper.data.Stat}). */
public record NodeStat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
                       int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) {
}
