package io.paddock.compat.diff;

import io.paddock.compat.diff.Specs.PathSpec;
import io.paddock.compat.diff.Specs.User;
import io.paddock.compat.diff.Specs.WatcherSel;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetWatches2;

/** Watch management, authentication and session lifecycle. */
final class SessionOps {

    private SessionOps() {
    }

    record AddWatch(PathSpec path, AddWatchMode mode, WatcherSel watcher) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            slot.zk().addWatch(run.path(path), slot.watcher(watcher), mode);
            return "ok";
        }

        @Override
        public String toString() {
            return "addWatch " + path + " " + mode + (watcher == WatcherSel.CUSTOM ? " W1" : "");
        }
    }

    /** removeWatches(path, watcher, type, local=false): opcode checkWatches, then local removal. */
    record RemoveWatches(PathSpec path, WatcherType type, WatcherSel watcher) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            slot.zk().removeWatches(run.path(path), slot.watcher(watcher), type, false);
            return "ok";
        }

        @Override
        public String toString() {
            return "removeWatches " + path + " " + type + (watcher == WatcherSel.CUSTOM ? " W1" : " W0");
        }
    }

    /** removeAllWatches(path, type, local=false): opcode removeWatches. */
    record RemoveAllWatches(PathSpec path, WatcherType type) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            slot.zk().removeAllWatches(run.path(path), type, false);
            return "ok";
        }

        @Override
        public String toString() {
            return "removeAllWatches " + path + " " + type;
        }
    }

    /** addAuthInfo is fire-and-forget; the session's next request is ordered after it. */
    record AddAuth(User user) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) {
            slot.zk().addAuthInfo("digest", user.authData());
            return "sent";
        }

        @Override
        public String toString() {
            return "addAuth digest " + user.name + ":" + user.password;
        }
    }

    record WhoAmI() implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            return Render.clientInfos(slot.zk().whoAmI());
        }

        @Override
        public String toString() {
            return "whoAmI";
        }
    }

    /** Closes this client's session (its ephemerals go) and opens a fresh one in its place. */
    record CloseSession() implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            int before = slot.sessionLabel();
            run.reopen(slot);
            return "closed s#" + before + ", opened s#" + slot.sessionLabel();
        }

        @Override
        public String toString() {
            return "closeSession";
        }
    }

    /** Drops the TCP connection; the client reconnects to the same session and re-sends its watches. */
    record Reconnect() implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            slot.zk().getTestable().closeSocket();
            // The NIO client only notices a socket closed under it when it next uses it; without this request
            // that is the next ping, ten seconds away.
            slot.zk().exists("/", false, (rc, p, ctx, stat) -> { }, null);
            return slot.awaitReconnect() ? "reconnected" : "did not reconnect";
        }

        @Override
        public boolean slow() {
            return true;
        }

        @Override
        public String toString() {
            return "reconnect";
        }
    }

    /**
     * Waits on the side's own clock, for server-side timers (container and TTL reaping) to act; only for
     * examples whose outcome does not depend on when within the pause they acted.
     */
    record Pause(long millis) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws InterruptedException {
            Thread.sleep(millis);
            return "ok";
        }

        @Override
        public boolean slow() {
            return true;
        }

        @Override
        public String toString() {
            return "pause " + millis + " ms";
        }
    }

    /** Which relativeZxid a replayed SetWatches2 carries. */
    enum RelativeZxid {
        ZERO,
        LAST_SEEN,
        MAX
    }

    /**
     * Sends SetWatches2 with the watches the client holds, as a reconnect does; with relativeZxid 0 the server
     * fires every watch whose node changed since the beginning of time.
     */
    record ReplayWatches(RelativeZxid relative) implements ZkOp {
        @Override
        public String run(SideRun run, SideRun.Slot slot) throws Exception {
            RawZooKeeper zk = slot.zk();
            long zxid = switch (relative) {
                case ZERO -> 0;
                case LAST_SEEN -> zk.lastZxid();
                case MAX -> Long.MAX_VALUE;
            };
            List<String> data = sorted(zk.dataWatchPaths());
            List<String> exist = sorted(zk.existWatchPaths());
            List<String> child = sorted(zk.childWatchPaths());
            List<String> persistent = sorted(zk.persistentWatchPaths());
            List<String> recursive = sorted(zk.persistentRecursiveWatchPaths());
            SetWatches2 request = new SetWatches2(zxid, data, exist, child, persistent, recursive);
            ReplyHeader h = zk.submit(OpCode.setWatches2, request, null);
            return Render.code(h.getErr()) + " data=" + data + " exist=" + exist + " child=" + child
                    + " persistent=" + persistent + " recursive=" + recursive;
        }

        private static List<String> sorted(List<String> paths) {
            return paths.stream().sorted().toList();
        }

        @Override
        public String toString() {
            return "setWatches2 replay relativeZxid=" + relative;
        }
    }
}
