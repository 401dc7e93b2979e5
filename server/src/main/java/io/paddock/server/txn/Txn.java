package io.paddock.server.txn;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import java.util.List;

/**
 * A state change as the leader stamped it: every value a replica needs to apply it identically (paths
 * with sequential suffixes, versions, the parent's new cversion, the owner encoding). Applying never
 * re-runs request logic.
 */
public sealed interface Txn {

    /** The session id is the entry's; its password is derived from it (SessionPasswords). */
    record CreateSession(long sessionId, int timeoutMs) implements Txn {
    }

    /** Ends the entry's session and deletes its ephemerals, listed in the order they are deleted. */
    record CloseSession(List<String> ephemeralPaths) implements Txn {
    }

    /**
     * @param op             the request op, which decides the reply (create vs create2) and the node kind
     * @param ephemeralOwner ZooKeeper's encoding: a session id, the container marker or a TTL
     */
    record Create(OpCode op, String path, byte[] data, List<Acl> acl, long ephemeralOwner, int parentCversion)
            implements Txn {
    }

    record Delete(String path) implements Txn {
    }

    record SetData(String path, byte[] data, int version) implements Txn {
    }

    record SetAcl(String path, List<Acl> acl, int aversion) implements Txn {
    }

    record Check(String path, int version) implements Txn {
    }

    /** A request that failed validation; it still takes a zxid, as in ZooKeeper. */
    record Error(ErrorCode err) implements Txn {
    }

    record Multi(List<Txn> txns) implements Txn {
    }
}
