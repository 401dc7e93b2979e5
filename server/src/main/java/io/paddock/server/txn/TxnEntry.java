package io.paddock.server.txn;

/**
 * One log entry: the txn with the header ZooKeeper gives it.
 *
 * @param sessionId the session that asked for it, 0 for the server's own (reaping)
 * @param cxid      the request's xid, for matching the reply
 * @param timeMs    the leader's wall time when it prepared the txn; becomes ctime / mtime
 */
public record TxnEntry(long zxid, long timeMs, long sessionId, int cxid, Txn txn) {
}
