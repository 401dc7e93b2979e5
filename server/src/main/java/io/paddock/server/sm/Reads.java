package io.paddock.server.sm;

import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.EventType;
import io.paddock.protocol.KeeperState;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.protocol.Request;
import io.paddock.protocol.Response;
import io.paddock.protocol.WatchEvent;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.Znode;
import io.paddock.server.watch.WatchTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads against the applied tree, with the checks of ZooKeeper's FinalRequestProcessor: NoNode before
 * NoAuth, watches registered only when the read succeeds (exists also on a missing node).
 */
final class Reads {
    private final DataTree tree;
    private final WatchTable watches;

    Reads(DataTree tree, WatchTable watches) {
        this.tree = tree;
        this.watches = watches;
    }

    ReadResult read(Request request, long connectionId, long sessionId, List<AuthId> auth) {
        try {
            return dispatch(request, connectionId, sessionId, auth);
        } catch (OpFailure f) {
            return ReadResult.error(f.code);
        }
    }

    private ReadResult dispatch(Request request, long connectionId, long sessionId, List<AuthId> auth)
            throws OpFailure {
        if (request instanceof Request.Exists r) {
            return exists(r, connectionId, auth);
        } else if (request instanceof Request.GetData r) {
            return ReadResult.ok(getData(r.path(), r.watch(), connectionId, auth));
        } else if (request instanceof Request.GetChildren r) {
            return ReadResult.ok(getChildren(r.op(), r.path(), r.watch(), connectionId, auth));
        } else if (request instanceof Request.GetAcl r) {
            return getAcl(r.path(), auth);
        } else if (request instanceof Request.GetAllChildrenNumber r) {
            readable(r.path(), auth);
            return ReadResult.ok(new Response.ChildCount(tree.descendantCount(r.path())));
        } else if (request instanceof Request.GetEphemerals r) {
            return ReadResult.ok(new Response.Ephemerals(ephemerals(sessionId, r.prefixPath())));
        } else if (request instanceof Request.MultiRead r) {
            return ReadResult.ok(multiRead(r, connectionId, auth));
        } else if (request instanceof Request.Sync r) {
            return ReadResult.ok(new Response.SyncDone(r.path()));
        } else if (request instanceof Request.WatchQuery r) {
            return watchQuery(r, connectionId);
        } else if (request instanceof Request.AddWatch r) {
            if (r.mode() != 0 && r.mode() != 1) {
                return ReadResult.error(ErrorCode.MARSHALLING_ERROR);
            }
            watches.addPersistent(r.path(), connectionId, r.mode() == 1);
            return ReadResult.ok(new Response.ErrorBody(0));
        } else if (request instanceof Request.SetWatches r) {
            return setWatches(r, connectionId);
        } else if (request instanceof Request.WhoAmI) {
            List<Response.ClientInfo> infos = new ArrayList<>();
            for (AuthId id : auth) {
                infos.add(new Response.ClientInfo(id.scheme(), Acls.userName(id)));
            }
            return ReadResult.ok(new Response.WhoAmI(infos));
        }
        throw new IllegalArgumentException("not a read: " + request);
    }

    private ReadResult exists(Request.Exists r, long connectionId, List<AuthId> auth) throws OpFailure {
        if (r.path().indexOf('\0') != -1) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
        Znode node = tree.get(r.path());
        if (node != null && !Acls.permits(node.acl(), Perms.READ, auth)) {
            throw new OpFailure(ErrorCode.NO_AUTH);
        }
        if (r.watch()) {
            watches.addData(r.path(), connectionId);
        }
        if (node == null) {
            throw new OpFailure(ErrorCode.NO_NODE);
        }
        return ReadResult.ok(new Response.StatOnly(node.stat()));
    }

    private Response.Data getData(String path, boolean watch, long connectionId, List<AuthId> auth)
            throws OpFailure {
        Znode node = readable(path, auth);
        if (watch) {
            watches.addData(path, connectionId);
        }
        return new Response.Data(node.data(), node.stat());
    }

    private Response getChildren(OpCode op, String path, boolean watch, long connectionId, List<AuthId> auth)
            throws OpFailure {
        Znode node = readable(path, auth);
        if (watch) {
            watches.addChild(path, connectionId);
        }
        List<String> children = node.childNames();
        return op == OpCode.GET_CHILDREN2 ? new Response.Children2(children, node.stat())
                : new Response.Children(children);
    }

    private ReadResult getAcl(String path, List<AuthId> auth) throws OpFailure {
        Znode node = existing(path);
        if (!Acls.permits(node.acl(), Perms.READ | Perms.ADMIN, auth)) {
            throw new OpFailure(ErrorCode.NO_AUTH);
        }
        boolean admin = Acls.permits(node.acl(), Perms.ADMIN, auth);
        return ReadResult.ok(new Response.Acls(admin ? node.acl() : Acls.masked(node.acl()), node.stat()));
    }

    private List<String> ephemerals(long sessionId, String prefix) {
        List<String> all = tree.ephemerals(sessionId);
        if (prefix == null || prefix.isBlank() || "/".equals(prefix.trim())) {
            return all;
        }
        List<String> matching = new ArrayList<>();
        for (String path : all) {
            if (path.startsWith(prefix)) {
                matching.add(path);
            }
        }
        return matching;
    }

    private Response multiRead(Request.MultiRead r, long connectionId, List<AuthId> auth) {
        List<Response.OpResult> results = new ArrayList<>(r.ops().size());
        for (Request op : r.ops()) {
            try {
                if (op instanceof Request.GetData g) {
                    Response.Data d = getData(g.path(), false, connectionId, auth);
                    results.add(new Response.OpResult.GetData(d.data(), d.stat()));
                } else if (op instanceof Request.GetChildren g) {
                    Response.Children c = (Response.Children) getChildren(OpCode.GET_CHILDREN, g.path(), false,
                            connectionId, auth);
                    results.add(new Response.OpResult.GetChildren(c.children()));
                }
            } catch (OpFailure f) {
                results.add(new Response.OpResult.Error(f.code));
            }
        }
        return new Response.MultiResults(results);
    }

    private ReadResult watchQuery(Request.WatchQuery r, long connectionId) {
        if (r.type() < 1 || r.type() > 5) {
            return ReadResult.error(ErrorCode.MARSHALLING_ERROR);
        }
        boolean found = r.op() == OpCode.CHECK_WATCHES
                ? watches.contains(r.path(), r.type(), connectionId)
                : watches.remove(r.path(), r.type(), connectionId);
        return found ? ReadResult.ok(new Response.Empty()) : ReadResult.error(ErrorCode.NO_WATCHER);
    }

    /**
     * Re-registers a reconnecting client's watches; where the node changed after relativeZxid (the
     * last zxid the client saw) the event fires now instead.
     */
    private ReadResult setWatches(Request.SetWatches r, long connectionId) {
        List<WatchEvent> events = new ArrayList<>();
        for (String path : r.dataWatches()) {
            Znode node = tree.get(path);
            if (node == null) {
                events.add(event(EventType.NODE_DELETED, path));
            } else if (node.mzxid() > r.relativeZxid()) {
                events.add(event(EventType.NODE_DATA_CHANGED, path));
            } else {
                watches.addData(path, connectionId);
            }
        }
        for (String path : r.existWatches()) {
            if (tree.get(path) != null) {
                events.add(event(EventType.NODE_CREATED, path));
            } else {
                watches.addData(path, connectionId);
            }
        }
        for (String path : r.childWatches()) {
            Znode node = tree.get(path);
            if (node == null) {
                events.add(event(EventType.NODE_DELETED, path));
            } else if (node.pzxid() > r.relativeZxid()) {
                events.add(event(EventType.NODE_CHILDREN_CHANGED, path));
            } else {
                watches.addChild(path, connectionId);
            }
        }
        for (String path : r.persistentWatches()) {
            watches.addPersistent(path, connectionId, false);
        }
        for (String path : r.persistentRecursiveWatches()) {
            watches.addPersistent(path, connectionId, true);
        }
        return new ReadResult(ErrorCode.OK, new Response.Empty(), events);
    }

    private static WatchEvent event(EventType type, String path) {
        return new WatchEvent(type, KeeperState.SYNC_CONNECTED, path);
    }

    private Znode existing(String path) throws OpFailure {
        Znode node = tree.get(path);
        if (node == null) {
            throw new OpFailure(ErrorCode.NO_NODE);
        }
        return node;
    }

    private Znode readable(String path, List<AuthId> auth) throws OpFailure {
        Znode node = existing(path);
        if (!Acls.permits(node.acl(), Perms.READ, auth)) {
            throw new OpFailure(ErrorCode.NO_AUTH);
        }
        return node;
    }
}
