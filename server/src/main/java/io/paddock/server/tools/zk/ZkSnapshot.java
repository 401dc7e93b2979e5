package io.paddock.server.tools.zk;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one ZooKeeper snapshot file holds.
 *
 * @param zxid             the zxid of the file name: the last txn applied when the snapshot started. The
 *                         snapshot is fuzzy: it may also reflect some txns after it, which replay tolerates.
 * @param nodes            in file order, parents before children; the root is "/"
 * @param sessions         in file order
 * @param unresolvedAcls   nodes (path → ACL id) whose ACL id is missing from the snapshot's ACL table; their
 *                         record carries an empty ACL. A fuzzy snapshot can hold such a node when a logged
 *                         txn after the snapshot zxid sets its ACL; otherwise the snapshot is damaged.
 * @param lastProcessedZxid the zxid ZooKeeper 3.9 also records after the tree, or -1 when absent
 */
public record ZkSnapshot(Path file, long zxid, List<NodeRecord> nodes, List<SessionRecord> sessions,
                         Map<String, Long> unresolvedAcls, long lastProcessedZxid) {
}
