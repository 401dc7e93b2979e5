package io.paddock.server.tree;

import io.paddock.protocol.Acl;
import java.util.List;

/**
 * A znode as the snapshot stores it: everything but its children, which follow from the paths.
 * {@code ephemeralOwner} is ZooKeeper's raw encoding (session, container marker or TTL).
 */
public record NodeRecord(String path, byte[] data, List<Acl> acl, long czxid, long mzxid, long ctime, long mtime,
                         int version, int cversion, int aversion, long ephemeralOwner, long pzxid) {
}
