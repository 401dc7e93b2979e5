package io.paddock.server.watch;

import io.paddock.protocol.Acl;
import io.paddock.protocol.WatchEvent;
import java.util.List;

/**
 * A watch event bound for one connection, with the ACL of the node it is about: ZooKeeper delivers it
 * only if the connection may read that node.
 */
public record Notification(long connectionId, WatchEvent event, List<Acl> acl) {
}
