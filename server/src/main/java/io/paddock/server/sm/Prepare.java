package io.paddock.server.sm;

import io.paddock.protocol.Acl;
import io.paddock.protocol.CreateMode;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.PathRules;
import io.paddock.protocol.Perms;
import io.paddock.protocol.Request;
import io.paddock.server.base.Limits;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.txn.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a write request into the txn that carries its absolute outcome, validating it against the tree
 * as prepared txns will leave it ({@link Overlay}). Checks run in the order of ZooKeeper's
 * PrepRequestProcessor, so that a request with several faults gets the error ZooKeeper would give.
 * A failed request becomes an error txn: it takes a zxid and goes through the log, as in ZooKeeper.
 */
final class Prepare {
    private final Overlay overlay;
    private final boolean extendedTypesEnabled;

    Prepare(Overlay overlay, boolean extendedTypesEnabled) {
        this.overlay = overlay;
        this.extendedTypesEnabled = extendedTypesEnabled;
    }

    /** The txn for a write request of the given session; never null. */
    Txn write(Request request, long sessionId, List<AuthId> auth, long zxid) {
        if (request instanceof Request.Multi multi) {
            return multi(multi, sessionId, auth, zxid);
        }
        Overlay.Mark mark = overlay.mark();
        try {
            return op(request, sessionId, auth, zxid, mark);
        } catch (OpFailure f) {
            overlay.rollback(mark);
            return new Txn.Error(f.code);
        }
    }

    private Txn op(Request request, long sessionId, List<AuthId> auth, long zxid, Overlay.Mark mark)
            throws OpFailure {
        if (request instanceof Request.Create c) {
            return create(c, sessionId, auth, zxid, mark);
        } else if (request instanceof Request.Delete d) {
            return d.op() == OpCode.DELETE_CONTAINER ? deleteContainer(d, zxid, mark) : delete(d, auth, zxid, mark);
        } else if (request instanceof Request.SetData s) {
            return setData(s, auth, zxid, mark);
        } else if (request instanceof Request.SetAcl s) {
            return setAcl(s, auth, zxid, mark);
        } else if (request instanceof Request.Check c) {
            return check(c, auth);
        } else if (request instanceof Request.Reconfig) {
            // Standalone: reconfigEnabled is false, as in a default ZooKeeper.
            throw new OpFailure(ErrorCode.RECONFIG_DISABLED);
        }
        throw new IllegalArgumentException("not a write: " + request);
    }

    private Txn multi(Request.Multi multi, long sessionId, List<AuthId> auth, long zxid) {
        Overlay.Mark mark = overlay.mark();
        List<Txn> txns = new ArrayList<>(multi.ops().size());
        int failedAt = -1;
        ErrorCode failure = ErrorCode.OK;
        for (int i = 0; i < multi.ops().size() && failedAt < 0; i++) {
            try {
                txns.add(op(multi.ops().get(i), sessionId, auth, zxid, mark));
            } catch (OpFailure f) {
                failedAt = i;
                failure = f.code;
            }
        }
        if (failedAt < 0) {
            return new Txn.Multi(List.copyOf(txns));
        }
        // ZooKeeper reports ops before the failure as rolled back (OK), ops after it as not attempted.
        overlay.rollback(mark);
        List<Txn> results = new ArrayList<>(multi.ops().size());
        for (int i = 0; i < multi.ops().size(); i++) {
            ErrorCode code = i < failedAt ? ErrorCode.OK
                    : i == failedAt ? failure : ErrorCode.RUNTIME_INCONSISTENCY;
            results.add(new Txn.Error(code));
        }
        return new Txn.Multi(List.copyOf(results));
    }

    private Txn create(Request.Create c, long sessionId, List<AuthId> auth, long zxid, Overlay.Mark mark)
            throws OpFailure {
        CreateMode mode = CreateMode.of(c.flags());
        if (mode == null) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
        if (mode.ttl && !extendedTypesEnabled) {
            throw new OpFailure(ErrorCode.UNIMPLEMENTED);
        }
        // createTTL with a non-TTL mode and a negative TTL passes ZooKeeper 3.9's checks and then crashes its
        // SyncThread; we refuse it like any other invalid TTL.
        boolean ttlOpWithoutTtlMode = c.op() == OpCode.CREATE_TTL && !mode.ttl;
        if (ttlOpWithoutTtlMode || (mode.ttl ? c.ttl() <= 0 || c.ttl() > Limits.TTL_MAX_MS : c.ttl() >= 0)) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
        String path = c.path();
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash == -1 || path.indexOf('\0') != -1) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
        String parentPath = lastSlash == 0 ? "/" : path.substring(0, lastSlash);
        Acls.Fixed acl = Acls.fixup(c.acl(), auth);
        if (acl.error() != ErrorCode.OK) {
            throw new OpFailure(acl.error());
        }
        Overlay.View parent = existing(parentPath);
        requirePerm(parent.acl(), Perms.CREATE, auth);
        if (mode.sequential) {
            path = path + String.format(Locale.ENGLISH, "%010d", parent.cversion());
        }
        if (!PathRules.isValid(path)) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
        if (overlay.get(path) != null) {
            throw new OpFailure(ErrorCode.NODE_EXISTS);
        }
        if (EphemeralOwner.isSession(parent.ephemeralOwner())) {
            throw new OpFailure(ErrorCode.NO_CHILDREN_FOR_EPHEMERALS);
        }
        int newCversion = parent.cversion() + 1;
        long owner = ownerFor(c.op(), mode, c.ttl(), sessionId);
        overlay.put(mark, zxid, parentPath, parent.withChildren(parent.childCount() + 1, newCversion));
        overlay.put(mark, zxid, path, new Overlay.View(0, 0, 0, 0, acl.acl(), owner));
        return new Txn.Create(c.op(), path, c.data(), acl.acl(), owner, newCversion);
    }

    /** The op decides containers and TTL nodes (their txn types); the mode decides session ephemerals. */
    private static long ownerFor(OpCode op, CreateMode mode, long ttl, long sessionId) {
        if (op == OpCode.CREATE_CONTAINER) {
            return EphemeralOwner.CONTAINER;
        } else if (op == OpCode.CREATE_TTL) {
            return EphemeralOwner.ttl(ttl);
        }
        return mode.ephemeral ? sessionId : 0;
    }

    private Txn delete(Request.Delete d, List<AuthId> auth, long zxid, Overlay.Mark mark) throws OpFailure {
        String parentPath = parentForDelete(d.path());
        Overlay.View parent = existing(parentPath);
        requirePerm(parent.acl(), Perms.DELETE, auth);
        Overlay.View node = existing(d.path());
        requireVersion(node.version(), d.version());
        if (node.childCount() > 0) {
            throw new OpFailure(ErrorCode.NOT_EMPTY);
        }
        removeFromOverlay(d.path(), parentPath, parent, zxid, mark);
        return new Txn.Delete(d.path());
    }

    /** deleteContainer, sent by reapers: no ACL check, refuses only session ephemerals and non-empty nodes. */
    private Txn deleteContainer(Request.Delete d, long zxid, Overlay.Mark mark) throws OpFailure {
        String parentPath = parentForDelete(d.path());
        Overlay.View node = existing(d.path());
        if (node.childCount() > 0) {
            throw new OpFailure(ErrorCode.NOT_EMPTY);
        }
        if (EphemeralOwner.isSession(node.ephemeralOwner())) {
            throw new OpFailure(ErrorCode.BAD_VERSION);
        }
        Overlay.View parent = existing(parentPath);
        removeFromOverlay(d.path(), parentPath, parent, zxid, mark);
        return new Txn.Delete(d.path());
    }

    private void removeFromOverlay(String path, String parentPath, Overlay.View parent, long zxid,
                                   Overlay.Mark mark) {
        overlay.put(mark, zxid, parentPath, parent.withChildren(parent.childCount() - 1, parent.cversion()));
        overlay.put(mark, zxid, path, null);
    }

    private static String parentForDelete(String path) throws OpFailure {
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash == -1 || path.indexOf('\0') != -1 || DataTree.isSpecial(path)) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
        return lastSlash == 0 ? "/" : path.substring(0, lastSlash);
    }

    private Txn setData(Request.SetData s, List<AuthId> auth, long zxid, Overlay.Mark mark) throws OpFailure {
        requireValidPath(s.path());
        Overlay.View node = existing(s.path());
        requirePerm(node.acl(), Perms.WRITE, auth);
        int newVersion = requireVersion(node.version(), s.version());
        overlay.put(mark, zxid, s.path(), node.withVersion(newVersion));
        return new Txn.SetData(s.path(), s.data(), newVersion);
    }

    private Txn setAcl(Request.SetAcl s, List<AuthId> auth, long zxid, Overlay.Mark mark) throws OpFailure {
        requireValidPath(s.path());
        Acls.Fixed acl = Acls.fixup(s.acl(), auth);
        if (acl.error() != ErrorCode.OK) {
            throw new OpFailure(acl.error());
        }
        Overlay.View node = existing(s.path());
        requirePerm(node.acl(), Perms.ADMIN, auth);
        int newAversion = requireVersion(node.aversion(), s.version());
        overlay.put(mark, zxid, s.path(), node.withAcl(acl.acl(), newAversion));
        return new Txn.SetAcl(s.path(), acl.acl(), newAversion);
    }

    private Txn check(Request.Check c, List<AuthId> auth) throws OpFailure {
        requireValidPath(c.path());
        Overlay.View node = existing(c.path());
        requirePerm(node.acl(), Perms.READ, auth);
        return new Txn.Check(c.path(), requireVersion(node.version(), c.version()));
    }

    /** The session's ephemerals as prepared txns leave them, in path order; marks them deleted. */
    List<String> closeSession(long sessionId, DataTree tree, long zxid) {
        List<String> created = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        overlay.sessionChanges(sessionId, created, deleted);
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(tree.ephemerals(sessionId));
        paths.addAll(created);
        deleted.forEach(paths::remove);
        Overlay.Mark mark = overlay.mark();
        for (String path : paths) {
            String parentPath = PathRules.parent(path);
            Overlay.View parent = overlay.get(parentPath);
            removeFromOverlay(path, parentPath, parent, zxid, mark);
        }
        return List.copyOf(paths);
    }

    private Overlay.View existing(String path) throws OpFailure {
        Overlay.View view = overlay.get(path);
        if (view == null) {
            throw new OpFailure(ErrorCode.NO_NODE);
        }
        return view;
    }

    private static void requireValidPath(String path) throws OpFailure {
        if (!PathRules.isValid(path)) {
            throw new OpFailure(ErrorCode.BAD_ARGUMENTS);
        }
    }

    private static void requirePerm(List<Acl> acl, int perm, List<AuthId> auth) throws OpFailure {
        if (!Acls.permits(acl, perm, auth)) {
            throw new OpFailure(ErrorCode.NO_AUTH);
        }
    }

    /** ZooKeeper's checkAndIncVersion: -1 matches any version. */
    private static int requireVersion(int current, int expected) throws OpFailure {
        if (expected != -1 && expected != current) {
            throw new OpFailure(ErrorCode.BAD_VERSION);
        }
        return current + 1;
    }
}
