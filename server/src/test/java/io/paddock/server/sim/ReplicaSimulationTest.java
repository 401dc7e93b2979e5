package io.paddock.server.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ConnectRequest;
import io.paddock.protocol.ConnectResponse;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.protocol.Request;
import io.paddock.protocol.RequestFrame;
import io.paddock.protocol.Response;
import io.paddock.protocol.WatchEvent;
import io.paddock.server.replica.Effects;
import io.paddock.server.replica.Input;
import io.paddock.server.replica.Replica;
import io.paddock.server.replica.ReplicaConfig;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.sm.StateMachine;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.tree.DataTree;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.TxnCodec;
import io.paddock.server.txn.TxnEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A seeded simulation of one replica: random clients, random storage timing (including failed writes)
 * and random time, checked after the run against what must hold whatever happened:
 * <ul>
 *   <li>each connection's replies come in the order of its requests;</li>
 *   <li>the persisted log, replayed into a fresh state machine, gives exactly the replica's tree
 *       (apply is a function of the log: the leader stamped everything);</li>
 *   <li>the snapshot assembled from the changes the shell was handed, plus the log after its zxid,
 *       recovers exactly the same tree and sessions (what a restart sees);</li>
 *   <li>every log entry survives the txn codec unchanged.</li>
 * </ul>
 * The seed is the jqwik seed; a failing one is printed and can be pinned.
 */
class ReplicaSimulationTest {
    private static final List<String> PATHS = List.of("/a", "/a/b", "/a/b/c", "/d", "/d/e", "/a/s-", "/zookeeper/x");

    @Property(tries = 30)
    void persistedLogAndSnapshotBothReproduceTheLiveState(@ForAll long seed) {
        new Run(seed, 400).execute();
    }

    /** The long run: -Dsim.seeds=N runs N more seeds of 2000 steps each. */
    @org.junit.jupiter.api.Test
    void longRunBehindAFlag() {
        int seeds = Integer.getInteger("sim.seeds", 0);
        for (long seed = 1; seed <= seeds; seed++) {
            new Run(seed * 7919, 2000).execute();
        }
    }

    private static final class Run implements Effects {
        private final Random random;
        private final int steps;
        private final Replica replica = new Replica(
                new ReplicaConfig(1, 100, 200, 2000, true, Optional.empty(), 300, 7));
        private final List<TxnEntry> unpersisted = new ArrayList<>();
        private final List<TxnEntry> persisted = new ArrayList<>();
        private final Map<Long, List<Integer>> sentXids = new HashMap<>();
        private final Map<Long, List<Integer>> repliedXids = new HashMap<>();
        private final Map<Long, Integer> nextXid = new HashMap<>();
        private final TreeMap<String, NodeRecord> snapshotNodes = new TreeMap<>();
        private final TreeMap<Long, SessionRecord> snapshotSessions = new TreeMap<>();
        private long snapshotZxid;
        private long nowMs = 1_000;
        private long nextConnection = 1;

        Run(long seed, int steps) {
            this.random = new Random(seed);
            this.steps = steps;
        }

        void execute() {
            for (int i = 0; i < steps; i++) {
                step();
            }
            persist();
            takeSnapshotChanges();
            checkReplyOrder();
            checkReplay();
            checkRecovery();
        }

        private void step() {
            int dice = random.nextInt(100);
            if (dice < 8 || nextXid.isEmpty()) {
                connect();
            } else if (dice < 60) {
                request();
            } else if (dice < 75) {
                persist();
            } else if (dice < 78) {
                if (!unpersisted.isEmpty()) {
                    unpersisted.clear();
                    replica.step(new Input.PersistFailed(nowMs, "simulated disk full"), this);
                }
            } else if (dice < 90) {
                nowMs += random.nextInt(400);
                replica.step(new Input.Tick(nowMs), this);
            } else if (dice < 95) {
                takeSnapshotChanges();
            } else {
                long conn = pickConnection();
                nextXid.remove(conn);
                replica.step(new Input.Disconnected(nowMs, conn), this);
            }
        }

        private void connect() {
            long conn = nextConnection++;
            nextXid.put(conn, 1);
            replica.step(new Input.Connect(nowMs, conn, "10.0.0." + random.nextInt(3),
                    new ConnectRequest(0, 0, 200 + random.nextInt(2000), 0, new byte[16], false, true)), this);
        }

        private long pickConnection() {
            List<Long> ids = new ArrayList<>(nextXid.keySet());
            ids.sort(null);
            return ids.get(random.nextInt(ids.size()));
        }

        private void request() {
            long conn = pickConnection();
            int xid = nextXid.merge(conn, 1, Integer::sum) - 1;
            Request request = randomRequest();
            OpCode op = opOf(request);
            sentXids.computeIfAbsent(conn, c -> new ArrayList<>()).add(xid);
            replica.step(new Input.ClientRequest(nowMs, conn, new RequestFrame(xid, op.code, request)), this);
            if (request instanceof Request.CloseSession) {
                nextXid.remove(conn);
            }
        }

        private Request randomRequest() {
            String path = PATHS.get(random.nextInt(PATHS.size()));
            List<Acl> acl = random.nextInt(10) == 0 ? List.of(new Acl(Perms.READ, "world", "anyone"))
                    : List.of(Acl.WORLD_ALL);
            byte[] data = new byte[random.nextInt(4)];
            random.nextBytes(data);
            return switch (random.nextInt(13)) {
                case 0, 1 -> new Request.Create(OpCode.CREATE, path, data, acl, random.nextInt(4), -1);
                case 2 -> new Request.Create(OpCode.CREATE_CONTAINER, path, data, acl, 4, -1);
                case 3 -> new Request.Create(OpCode.CREATE_TTL, path, data, acl, 5, 1 + random.nextInt(500));
                case 4 -> new Request.Delete(OpCode.DELETE, path, random.nextInt(3) - 1);
                case 5 -> new Request.SetData(path, data, random.nextInt(3) - 1);
                case 6 -> new Request.SetAcl(path, acl, -1);
                case 7 -> new Request.GetData(path, random.nextBoolean());
                case 8 -> new Request.Exists(path, true);
                case 9 -> new Request.GetChildren(OpCode.GET_CHILDREN, path, random.nextBoolean());
                case 10 -> new Request.Multi(List.of(
                        new Request.Create(OpCode.CREATE, path, data, acl, random.nextInt(2), -1),
                        new Request.SetData(PATHS.get(random.nextInt(PATHS.size())), data, -1)));
                case 11 -> new Request.AddWatch("/", 1);
                default -> random.nextInt(4) == 0 ? new Request.CloseSession() : new Request.Ping();
            };
        }

        private static OpCode opOf(Request r) {
            if (r instanceof Request.Create c) {
                return c.op();
            } else if (r instanceof Request.Delete) {
                return OpCode.DELETE;
            } else if (r instanceof Request.SetData) {
                return OpCode.SET_DATA;
            } else if (r instanceof Request.SetAcl) {
                return OpCode.SET_ACL;
            } else if (r instanceof Request.GetData) {
                return OpCode.GET_DATA;
            } else if (r instanceof Request.Exists) {
                return OpCode.EXISTS;
            } else if (r instanceof Request.GetChildren) {
                return OpCode.GET_CHILDREN;
            } else if (r instanceof Request.Multi) {
                return OpCode.MULTI;
            } else if (r instanceof Request.AddWatch) {
                return OpCode.ADD_WATCH;
            } else if (r instanceof Request.CloseSession) {
                return OpCode.CLOSE_SESSION;
            }
            return OpCode.PING;
        }

        private void persist() {
            if (unpersisted.isEmpty()) {
                return;
            }
            long last = unpersisted.get(unpersisted.size() - 1).zxid();
            persisted.addAll(unpersisted);
            unpersisted.clear();
            replica.step(new Input.Persisted(nowMs, last), this);
        }

        private void takeSnapshotChanges() {
            TreeChanges changes = replica.drainChanges();
            changes.upserted().forEach(r -> snapshotNodes.put(r.path(), r));
            changes.deleted().forEach(snapshotNodes::remove);
            changes.sessionsUpserted().forEach(s -> snapshotSessions.put(s.id(), s));
            changes.sessionsDeleted().forEach(snapshotSessions::remove);
            snapshotZxid = changes.zxid();
        }

        private void checkReplyOrder() {
            for (Map.Entry<Long, List<Integer>> e : repliedXids.entrySet()) {
                List<Integer> replies = e.getValue();
                List<Integer> sorted = new ArrayList<>(replies);
                sorted.sort(null);
                assertEquals(sorted, replies, "connection " + e.getKey() + " got replies out of order");
            }
        }

        private void checkReplay() {
            StateMachine fresh = new StateMachine(100, true);
            long last = 0;
            for (TxnEntry entry : persisted) {
                assertTrue(entry.zxid() == last + 1, "persisted zxids must be consecutive");
                last = entry.zxid();
                assertEquals(Arrays.toString(TxnCodec.encode(entry)), Arrays.toString(TxnCodec.encode(roundTrip(entry))),
                        "txn codec round trip");
                assertEquals(entry.txn().getClass(), roundTrip(entry).txn().getClass());
                fresh.apply(entry, nowMs);
            }
            assertEquals(dump(replica.stateMachine().tree()), dump(fresh.tree()), "replayed log differs");
        }

        private static TxnEntry roundTrip(TxnEntry entry) {
            try {
                return TxnCodec.decode(TxnCodec.encode(entry));
            } catch (TxnCodec.MalformedTxnException e) {
                throw new AssertionError(e);
            }
        }

        private void checkRecovery() {
            StateMachine recovered = new StateMachine(100, true);
            List<TxnEntry> after = persisted.stream().filter(e -> e.zxid() > snapshotZxid).toList();
            recovered.restore(snapshotZxid, List.copyOf(snapshotNodes.values()),
                    List.copyOf(snapshotSessions.values()), after, nowMs);
            assertEquals(dump(replica.stateMachine().tree()), dump(recovered.tree()), "recovered tree differs");
            List<Long> live = replica.stateMachine().sessions().all().stream().map(s -> s.id).sorted().toList();
            List<Long> back = recovered.sessions().all().stream().map(s -> s.id).sorted().toList();
            assertEquals(live, back, "recovered sessions differ");
        }

        private static String dump(DataTree tree) {
            StringBuilder b = new StringBuilder();
            for (String path : tree.sortedPaths()) {
                NodeRecord r = tree.record(path);
                b.append(path).append(' ').append(Arrays.toString(r.data())).append(' ').append(r.acl())
                        .append(" c=").append(r.czxid()).append(" m=").append(r.mzxid()).append(" p=").append(r.pzxid())
                        .append(" v=").append(r.version()).append('/').append(r.cversion()).append('/')
                        .append(r.aversion()).append(" o=").append(r.ephemeralOwner())
                        .append(" n=").append(tree.get(path).childCount()).append('\n');
            }
            return b.toString();
        }

        @Override
        public void connected(long connectionId, ConnectResponse response) {
        }

        @Override
        public void reply(long connectionId, int xid, long zxid, ErrorCode err, Response body) {
            if (xid > 0) {
                repliedXids.computeIfAbsent(connectionId, c -> new ArrayList<>()).add(xid);
            }
        }

        @Override
        public void notify(long connectionId, long zxid, WatchEvent event) {
        }

        @Override
        public void close(long connectionId, String reason) {
            nextXid.remove(connectionId);
        }

        @Override
        public void append(TxnEntry entry) {
            unpersisted.add(entry);
        }
    }
}
