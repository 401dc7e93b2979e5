package io.paddock.compat.diff;

import io.paddock.compat.diff.Specs.AclSpec;
import io.paddock.compat.diff.Specs.Data;
import io.paddock.compat.diff.Specs.PathSpec;
import io.paddock.compat.diff.Specs.VersionSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.proto.ReplyHeader;

/** multi (a transaction) and multiRead, with the full per-op result list compared. */
final class MultiOps {

    private MultiOps() {
    }

    /** One op inside a multi; versions are resolved against the state before the whole multi. */
    interface SubOp {
        Op build(SideRun run) throws InterruptedException;
    }

    record SubCreate(PathSpec path, Data data, AclSpec acl, CreateMode mode, long ttl) implements SubOp {
        @Override
        public Op build(SideRun run) {
            String p = run.path(path);
            return mode.isTTL() ? Op.create(p, data.bytes(), acl.acl(), mode, ttl)
                    : Op.create(p, data.bytes(), acl.acl(), mode);
        }

        @Override
        public String toString() {
            return "create " + path + " " + data + " " + acl + " " + mode + (mode.isTTL() ? " ttl=" + ttl : "");
        }
    }

    record SubDelete(PathSpec path, VersionSpec version) implements SubOp {
        @Override
        public Op build(SideRun run) throws InterruptedException {
            String p = run.path(path);
            return Op.delete(p, run.version(p, version, false));
        }

        @Override
        public String toString() {
            return "delete " + path + " v=" + version;
        }
    }

    record SubSetData(PathSpec path, Data data, VersionSpec version) implements SubOp {
        @Override
        public Op build(SideRun run) throws InterruptedException {
            String p = run.path(path);
            return Op.setData(p, data.bytes(), run.version(p, version, false));
        }

        @Override
        public String toString() {
            return "setData " + path + " " + data + " v=" + version;
        }
    }

    record SubCheck(PathSpec path, VersionSpec version) implements SubOp {
        @Override
        public Op build(SideRun run) throws InterruptedException {
            String p = run.path(path);
            return Op.check(p, run.version(p, version, false));
        }

        @Override
        public String toString() {
            return "check " + path + " v=" + version;
        }
    }

    record SubGetData(PathSpec path) implements SubOp {
        @Override
        public Op build(SideRun run) {
            return Op.getData(run.path(path));
        }

        @Override
        public String toString() {
            return "getData " + path;
        }
    }

    record SubGetChildren(PathSpec path) implements SubOp {
        @Override
        public Op build(SideRun run) {
            return Op.getChildren(run.path(path));
        }

        @Override
        public String toString() {
            return "getChildren " + path;
        }
    }

    /**
     * {@code zk.multi(ops)}: a transaction when the ops are writes, multiRead when they are all reads (the client
     * picks the opcode). With {@code raw} the record is sent as is, skipping the client's path checks.
     */
    record Multi(List<SubOp> ops, boolean raw) implements ZkOp {
        Multi {
            ops = List.copyOf(ops);
        }

        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            List<Op> built = new ArrayList<>();
            for (SubOp op : ops) {
                built.add(op.build(run));
            }
            List<OpResult> results;
            if (raw) {
                MultiOperationRecord record = new MultiOperationRecord(built);
                int opCode = record.getOpKind() == Op.OpKind.READ ? OpCode.multiRead : OpCode.multi;
                MultiResponse response = new MultiResponse();
                ReplyHeader h = slot.zk().submit(opCode, record, response);
                if (h.getErr() != 0) {
                    return "ERR " + Render.code(h.getErr());
                }
                results = response.getResultList();
            } else {
                results = slot.zk().multi(built);
            }
            for (OpResult r : results) {
                if (r instanceof OpResult.CreateResult c) {
                    run.created(c.getPath());
                }
            }
            return Render.opResults(results);
        }

        @Override
        public String toString() {
            return (raw ? "rawMulti " : "multi ") + ops;
        }
    }
}
