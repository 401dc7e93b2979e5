package io.paddock.protocol;

import java.util.List;

/**
 * A decoded client request body. Jute beans stay inside {@link RequestCodec}; the server sees only these
 * immutable values.
 */
public sealed interface Request {

    /** create, create2, createContainer and createTTL; ttl is -1 unless the op is createTTL. */
    record Create(OpCode op, String path, byte[] data, List<Acl> acl, int flags, long ttl) implements Request {
    }

    /** delete and deleteContainer (the latter carries version -1). */
    record Delete(OpCode op, String path, int version) implements Request {
    }

    record SetData(String path, byte[] data, int version) implements Request {
    }

    record Check(String path, int version) implements Request {
    }

    record Exists(String path, boolean watch) implements Request {
    }

    record GetData(String path, boolean watch) implements Request {
    }

    record GetAcl(String path) implements Request {
    }

    record SetAcl(String path, List<Acl> acl, int version) implements Request {
    }

    /** getChildren and getChildren2 (the latter answers with the parent's stat too). */
    record GetChildren(OpCode op, String path, boolean watch) implements Request {
    }

    record GetAllChildrenNumber(String path) implements Request {
    }

    record GetEphemerals(String prefixPath) implements Request {
    }

    record Sync(String path) implements Request {
    }

    record Ping() implements Request {
    }

    /** A transaction of create / delete / setData / check ops, all or nothing. */
    record Multi(List<Request> ops) implements Request {
    }

    /** A batch of getData / getChildren ops, each answered on its own. */
    record MultiRead(List<Request> ops) implements Request {
    }

    record Reconfig(String joiningServers, String leavingServers, String newMembers, long curConfigId)
            implements Request {
    }

    /** checkWatches and removeWatches; type is the WatcherType (1 children, 2 data, 3 any). */
    record WatchQuery(OpCode op, String path, int type) implements Request {
    }

    record AddWatch(String path, int mode) implements Request {
    }

    record SetWatches(OpCode op, long relativeZxid, List<String> dataWatches, List<String> existWatches,
                      List<String> childWatches, List<String> persistentWatches,
                      List<String> persistentRecursiveWatches) implements Request {
    }

    record Auth(int type, String scheme, byte[] auth) implements Request {
    }

    record Sasl(byte[] token) implements Request {
    }

    record WhoAmI() implements Request {
    }

    record CloseSession() implements Request {
    }

    /** A body that did not decode: ZooKeeper answers MarshallingError and keeps the connection. */
    record Malformed(OpCode op, String reason) implements Request {
    }

    /** A type ZooKeeper 3.9 does not define: answered with Unimplemented. */
    record Unknown(int type) implements Request {
    }
}
