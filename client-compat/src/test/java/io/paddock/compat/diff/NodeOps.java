package io.paddock.compat.diff;

import io.paddock.compat.diff.Specs.AclSpec;
import io.paddock.compat.diff.Specs.Data;
import io.paddock.compat.diff.Specs.PathSpec;
import io.paddock.compat.diff.Specs.VersionSpec;
import io.paddock.compat.diff.Specs.WatchSpec;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/** The single-node operations of the Java client API, each through its public method. */
final class NodeOps {

    private NodeOps() {
    }

    /** create (opcode create), create2 with {@code withStat}, createContainer, createTTL. */
    record Create(PathSpec path, Data data, AclSpec acl, CreateMode mode, long ttl, boolean withStat) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            Stat stat = withStat ? new Stat() : null;
            String created;
            if (mode.isTTL()) {
                created = slot.zk().create(p, data.bytes(), acl.acl(), mode, stat, ttl);
            } else if (withStat) {
                created = slot.zk().create(p, data.bytes(), acl.acl(), mode, stat);
            } else {
                created = slot.zk().create(p, data.bytes(), acl.acl(), mode);
            }
            run.created(created);
            return "-> " + Render.quotePath(created) + (withStat ? " " + Render.stat(stat) : "");
        }

        @Override
        public String toString() {
            return "create " + path + " " + data + " " + acl + " " + mode
                    + (mode.isTTL() ? " ttl=" + ttl : "") + (withStat ? " +stat" : "");
        }
    }

    record Delete(PathSpec path, VersionSpec version) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            slot.zk().delete(p, run.version(p, version, false));
            return "ok";
        }

        @Override
        public String toString() {
            return "delete " + path + " v=" + version;
        }
    }

    record SetData(PathSpec path, Data data, VersionSpec version) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            return Render.stat(slot.zk().setData(p, data.bytes(), run.version(p, version, false)));
        }

        @Override
        public String toString() {
            return "setData " + path + " " + data + " v=" + version;
        }
    }

    record Exists(PathSpec path, WatchSpec watch) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            ZooKeeper zk = slot.zk();
            Stat stat = switch (watch) {
                case NONE -> zk.exists(p, false);
                case DEFAULT -> zk.exists(p, true);
                case CUSTOM -> zk.exists(p, slot.custom());
            };
            return stat == null ? "null" : Render.stat(stat);
        }

        @Override
        public String toString() {
            return "exists " + path + watchSuffix(watch);
        }
    }

    record GetData(PathSpec path, WatchSpec watch) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            ZooKeeper zk = slot.zk();
            Stat stat = new Stat();
            byte[] data = switch (watch) {
                case NONE -> zk.getData(p, false, stat);
                case DEFAULT -> zk.getData(p, true, stat);
                case CUSTOM -> zk.getData(p, slot.custom(), stat);
            };
            return Render.data(data) + " " + Render.stat(stat);
        }

        @Override
        public String toString() {
            return "getData " + path + watchSuffix(watch);
        }
    }

    /** getChildren (opcode getChildren), or getChildren2 when {@code withStat}. */
    record GetChildren(PathSpec path, WatchSpec watch, boolean withStat) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            ZooKeeper zk = slot.zk();
            Stat stat = withStat ? new Stat() : null;
            List<String> children;
            if (withStat) {
                children = switch (watch) {
                    case NONE -> zk.getChildren(p, false, stat);
                    case DEFAULT -> zk.getChildren(p, true, stat);
                    case CUSTOM -> zk.getChildren(p, slot.custom(), stat);
                };
            } else {
                children = switch (watch) {
                    case NONE -> zk.getChildren(p, false);
                    case DEFAULT -> zk.getChildren(p, true);
                    case CUSTOM -> zk.getChildren(p, slot.custom());
                };
            }
            return Render.children(children) + (withStat ? " " + Render.stat(stat) : "");
        }

        @Override
        public String toString() {
            return (withStat ? "getChildren2 " : "getChildren ") + path + watchSuffix(watch);
        }
    }

    record GetAllChildrenNumber(PathSpec path) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            return Integer.toString(slot.zk().getAllChildrenNumber(run.path(path)));
        }

        @Override
        public String toString() {
            return "getAllChildrenNumber " + path;
        }
    }

    /** getEphemerals, with a prefix or (null) without; the server's order is unspecified, so it is sorted. */
    record GetEphemerals(String prefix) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            List<String> list = prefix == null ? slot.zk().getEphemerals() : slot.zk().getEphemerals(prefix);
            return Render.children(list);
        }

        @Override
        public String toString() {
            return "getEphemerals" + (prefix == null ? "" : " " + Render.quotePath(prefix));
        }
    }

    record GetAcl(PathSpec path) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            Stat stat = new Stat();
            List<ACL> acl = slot.zk().getACL(run.path(path), stat);
            return Render.acl(acl) + " " + Render.stat(stat);
        }

        @Override
        public String toString() {
            return "getACL " + path;
        }
    }

    record SetAcl(PathSpec path, AclSpec acl, VersionSpec version) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            String p = run.path(path);
            return Render.stat(slot.zk().setACL(p, acl.acl(), run.version(p, version, true)));
        }

        @Override
        public String toString() {
            return "setACL " + path + " " + acl + " av=" + version;
        }
    }

    record Sync(PathSpec path) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            slot.zk().sync(run.path(path));
            return "ok";
        }

        @Override
        public String toString() {
            return "sync " + path;
        }
    }

    /** getConfig reads /zookeeper/config; a watch on it is a data watch on that path. */
    record GetConfig(WatchSpec watch) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            Stat stat = new Stat();
            byte[] data = switch (watch) {
                case NONE -> slot.zk().getConfig(false, stat);
                case DEFAULT -> slot.zk().getConfig(true, stat);
                case CUSTOM -> slot.zk().getConfig(slot.custom(), stat);
            };
            return Render.data(data) + " " + Render.stat(stat);
        }

        @Override
        public String toString() {
            return "getConfig" + watchSuffix(watch);
        }
    }

    static String watchSuffix(WatchSpec watch) {
        return switch (watch) {
            case NONE -> "";
            case DEFAULT -> " watch";
            case CUSTOM -> " watch=W1";
        };
    }
}
