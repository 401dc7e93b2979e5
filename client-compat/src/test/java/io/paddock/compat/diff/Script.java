package io.paddock.compat.diff;

import io.paddock.compat.diff.MultiOps.SubOp;
import io.paddock.compat.diff.RawOps.PathOpKind;
import io.paddock.compat.diff.Specs.AclSpec;
import io.paddock.compat.diff.Specs.Data;
import io.paddock.compat.diff.Specs.PathSpec;
import io.paddock.compat.diff.Specs.User;
import io.paddock.compat.diff.Specs.VersionSpec;
import io.paddock.compat.diff.Specs.WatchSpec;
import io.paddock.compat.diff.Specs.WatcherSel;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.WatcherType;

/** Short constructors for writing sequences by hand (the regression examples, the generator's tree prefixes). */
final class Script {

    private Script() {
    }

    static PathSpec p(String path) {
        return PathSpec.of(path);
    }

    static ZkOp create(String path) {
        return create(path, CreateMode.PERSISTENT);
    }

    static ZkOp create(String path, CreateMode mode) {
        return new NodeOps.Create(p(path), Data.V1, AclSpec.OPEN, mode, 100_000, true);
    }

    static ZkOp create(String path, AclSpec acl) {
        return new NodeOps.Create(p(path), Data.V1, acl, CreateMode.PERSISTENT, 100_000, true);
    }

    static ZkOp createTtl(String path, CreateMode mode, long ttl) {
        return new NodeOps.Create(p(path), Data.V1, AclSpec.OPEN, mode, ttl, true);
    }

    static ZkOp createData(String path, Data data) {
        return new NodeOps.Create(p(path), data, AclSpec.OPEN, CreateMode.PERSISTENT, 100_000, true);
    }

    static ZkOp delete(String path) {
        return delete(path, VersionSpec.ANY);
    }

    static ZkOp delete(String path, VersionSpec version) {
        return new NodeOps.Delete(p(path), version);
    }

    static ZkOp deleteLast() {
        return new NodeOps.Delete(PathSpec.LAST_CREATED, VersionSpec.ANY);
    }

    static ZkOp set(String path, Data data) {
        return set(path, data, VersionSpec.ANY);
    }

    static ZkOp set(String path, Data data, VersionSpec version) {
        return new NodeOps.SetData(p(path), data, version);
    }

    static ZkOp exists(String path, WatchSpec watch) {
        return new NodeOps.Exists(p(path), watch);
    }

    static ZkOp get(String path, WatchSpec watch) {
        return new NodeOps.GetData(p(path), watch);
    }

    static ZkOp children(String path, WatchSpec watch) {
        return new NodeOps.GetChildren(p(path), watch, true);
    }

    static ZkOp getAcl(String path) {
        return new NodeOps.GetAcl(p(path));
    }

    static ZkOp setAcl(String path, AclSpec acl, VersionSpec version) {
        return new NodeOps.SetAcl(p(path), acl, version);
    }

    static ZkOp multi(SubOp... ops) {
        return new MultiOps.Multi(List.of(ops), false);
    }

    static ZkOp rawMulti(SubOp... ops) {
        return new MultiOps.Multi(List.of(ops), true);
    }

    static SubOp mCreate(String path) {
        return new MultiOps.SubCreate(p(path), Data.V1, AclSpec.OPEN, CreateMode.PERSISTENT, 100_000);
    }

    static SubOp mCreate(String path, CreateMode mode) {
        return new MultiOps.SubCreate(p(path), Data.V1, AclSpec.OPEN, mode, 100_000);
    }

    static SubOp mDelete(String path, VersionSpec version) {
        return new MultiOps.SubDelete(p(path), version);
    }

    static SubOp mSet(String path, VersionSpec version) {
        return new MultiOps.SubSetData(p(path), Data.V2, version);
    }

    static SubOp mCheck(String path, VersionSpec version) {
        return new MultiOps.SubCheck(p(path), version);
    }

    static SubOp mGetData(String path) {
        return new MultiOps.SubGetData(p(path));
    }

    static SubOp mGetChildren(String path) {
        return new MultiOps.SubGetChildren(p(path));
    }

    static ZkOp addWatch(String path, AddWatchMode mode) {
        return new SessionOps.AddWatch(p(path), mode, WatcherSel.DEFAULT);
    }

    static ZkOp addWatch(String path, AddWatchMode mode, WatcherSel watcher) {
        return new SessionOps.AddWatch(p(path), mode, watcher);
    }

    static ZkOp removeWatches(String path, WatcherType type, WatcherSel watcher) {
        return new SessionOps.RemoveWatches(p(path), type, watcher);
    }

    static ZkOp removeAllWatches(String path, WatcherType type) {
        return new SessionOps.RemoveAllWatches(p(path), type);
    }

    static ZkOp auth(User user) {
        return new SessionOps.AddAuth(user);
    }

    static ZkOp raw(PathOpKind kind, String path, int arg) {
        return new RawOps.RawPathOp(kind, path, arg);
    }

    static ZkOp rawCreate(int opCode, String path, int flags, long ttl) {
        return new RawOps.RawCreate(opCode, path, Data.V1, AclSpec.OPEN, flags, ttl);
    }

    static ZkOp rawCreate(int opCode, String path, AclSpec acl) {
        return new RawOps.RawCreate(opCode, path, Data.V1, acl, 0, -1);
    }
}
