package io.paddock.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ErrorCode;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.sm.Recovered;
import io.paddock.server.sm.TreeChanges;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.tree.NodeRecord;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the storage port ({@link TxnLog}), run against every implementation: a subclass says how to
 * open the log and how to reopen it as a restarted server would. What a reopened log recovers depends on
 * {@link #durable()}: everything that was appended and snapshotted for RocksDB, nothing for the in-memory log.
 * Failure modes that only a durable log has (format markers, damaged files, torn writes) are tested by the
 * RocksDB subclass alone.
 */
public abstract class TxnLogContractTest {

    protected static final long SESSION_A = 0x0100_0000_0000_0001L;
    protected static final long SESSION_B = 0x0100_0000_0000_0002L;
    protected static final long TIME_MS = 1_700_000_000_000L;

    /** The log under test; reopen replaces it. */
    protected TxnLog log;

    /** A fresh, empty log. */
    protected abstract TxnLog openFresh();

    /** Opens again the storage of the log the caller has just closed, as a restarted server would. */
    protected abstract TxnLog reopen();

    /** True when appended entries and snapshots survive a reopen. */
    protected abstract boolean durable();

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    /** Closes the current log, reopens it and recovers, as the server does at startup. */
    protected Recovered restart() {
        log.close();
        log = reopen();
        return log.recover();
    }

    // ---- the contract

    @Test
    void aFreshLogRecoversNothing() {
        log = openFresh();
        Recovered recovered = log.recover();
        assertEquals(0, recovered.snapshotZxid());
        assertTrue(recovered.nodes().isEmpty());
        assertTrue(recovered.sessions().isEmpty());
        assertTrue(recovered.logAfterSnapshot().isEmpty());
        assertEquals(0, log.lastZxid());
    }

    @Test
    void lastZxidFollowsAppends() {
        log = openFresh();
        log.recover();
        log.append(List.of(entry(1, setData("/a", "x", 1)), entry(2, setData("/a", "y", 2))));
        log.sync();
        assertEquals(2, log.lastZxid());
        log.append(List.of());
        assertEquals(2, log.lastZxid(), "an empty append changes nothing");
        log.append(List.of(entry(3, new Txn.Delete("/a"))));
        assertEquals(3, log.lastZxid());
    }

    @Test
    void everyKindOfTxnSurvivesARestart() {
        log = openFresh();
        log.recover();
        List<TxnEntry> entries = everyKindOfTxn(1);
        // One group commit per entry, then all of them again in one batch further on: both paths of append.
        for (TxnEntry e : entries) {
            log.append(List.of(e));
            log.sync();
        }
        List<TxnEntry> batch = everyKindOfTxn(entries.size() + 1);
        log.append(batch);
        log.sync();
        List<TxnEntry> all = new ArrayList<>(entries);
        all.addAll(batch);

        Recovered recovered = restart();
        assertEquals(0, recovered.snapshotZxid());
        assertEquals(render(durable() ? all : List.of()), render(recovered.logAfterSnapshot()));
        assertEquals(durable() ? all.size() : 0, log.lastZxid(), "lastZxid after recover");
    }

    @Test
    void aSnapshotSurvivesARestartWithTheLogAfterIt() {
        log = openFresh();
        log.recover();
        List<TxnEntry> entries = new ArrayList<>();
        for (int zxid = 1; zxid <= 20; zxid++) {
            entries.add(entry(zxid, setData("/n" + (zxid % 3), "v" + zxid, zxid)));
        }
        log.append(entries.subList(0, 10));
        NodeRecord a = node("/a", "alpha", 3, 0);
        NodeRecord b = node("/a/b", "beta", 4, SESSION_A);
        NodeRecord gone = node("/gone", "", 5, 0);
        log.saveSnapshot(new TreeChanges(6, List.of(a, gone), List.of(), List.of(new SessionRecord(SESSION_A, 4000),
                new SessionRecord(SESSION_B, 6000)), List.of()));
        // A later batch overwrites one node, deletes another and a session, and moves the stamp to 8.
        NodeRecord a2 = node("/a", "alpha-2", 7, 0);
        log.saveSnapshot(new TreeChanges(8, List.of(a2, b), List.of("/gone"), List.of(), List.of(SESSION_B)));
        log.append(entries.subList(10, 20));

        Recovered recovered = restart();
        if (!durable()) {
            assertEquals(render(Recovered.empty()), render(recovered));
            return;
        }
        assertEquals(8, recovered.snapshotZxid());
        assertEquals(render(List.of(a2, b)), render(sortedByPath(recovered.nodes())));
        assertEquals(render(List.of(new SessionRecord(SESSION_A, 4000))), render(recovered.sessions()));
        assertEquals(render(entries.subList(8, 20)), render(recovered.logAfterSnapshot()),
                "exactly the entries after the snapshot's zxid");
        assertEquals(20, log.lastZxid());
    }

    @Test
    void aSnapshotAheadOfNothingElseRecoversWithAnEmptyLogTail() {
        log = openFresh();
        log.recover();
        for (int zxid = 1; zxid <= 5; zxid++) {
            log.append(List.of(entry(zxid, setData("/a", "v" + zxid, zxid))));
        }
        log.saveSnapshot(new TreeChanges(5, List.of(node("/a", "v5", 5, 0)), List.of(), List.of(), List.of()));

        Recovered recovered = restart();
        assertEquals(durable() ? 5 : 0, recovered.snapshotZxid());
        assertTrue(recovered.logAfterSnapshot().isEmpty());
        assertEquals(durable() ? 5 : 0, log.lastZxid());
    }

    @Test
    void appendsContinueAfterARestart() {
        log = openFresh();
        log.recover();
        log.append(List.of(entry(1, setData("/a", "1", 1)), entry(2, setData("/a", "2", 2))));
        Recovered first = restart();
        long next = first.logAfterSnapshot().size() + 1;
        log.append(List.of(entry(next, setData("/a", "3", 3))));
        Recovered second = restart();
        assertEquals(durable() ? 3 : 0, second.logAfterSnapshot().size());
    }

    @Test
    void anEmptySnapshotBatchIsAccepted() {
        log = openFresh();
        log.recover();
        log.saveSnapshot(new TreeChanges(0, List.of(), List.of(), List.of(), List.of()));
        assertEquals(0, log.lastZxid());
    }

    // ---- sample values

    protected static TxnEntry entry(long zxid, Txn txn) {
        return new TxnEntry(zxid, TIME_MS + zxid, SESSION_A, (int) zxid, txn);
    }

    protected static Txn.SetData setData(String path, String value, int version) {
        return new Txn.SetData(path, utf8(value), version);
    }

    protected static NodeRecord node(String path, String data, long zxid, long owner) {
        return new NodeRecord(path, utf8(data), List.of(Acl.WORLD_ALL), zxid, zxid, TIME_MS + zxid, TIME_MS + zxid,
                0, 0, 0, owner, zxid);
    }

    /**
     * One entry of every txn kind the server writes, from zxid {@code first} on: sessions, every create kind
     * (persistent, ephemeral, sequential-looking, container, TTL), delete, setData, setACL, check, error, a
     * successful multi and a failed one (ZooKeeper logs a failed multi as a multi of error txns).
     */
    protected static List<TxnEntry> everyKindOfTxn(long first) {
        List<Acl> openAcl = List.of(Acl.WORLD_ALL);
        List<Acl> mixedAcl = List.of(new Acl(Perms.READ | Perms.WRITE, "digest", "bob:cGFzc3dvcmQ="),
                new Acl(Perms.ALL, "ip", "10.0.0.0/8"), Acl.WORLD_READ);
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        String p = "/k" + first;
        List<Txn> txns = List.of(
                new Txn.CreateSession(SESSION_A, 30_000),
                new Txn.Create(OpCode.CREATE, p, utf8("persistent"), openAcl, 0, 1),
                new Txn.Create(OpCode.CREATE2, p + "/binary", binary, mixedAcl, 0, 1),
                new Txn.Create(OpCode.CREATE, p + "/empty", new byte[0], openAcl, 0, 2),
                new Txn.Create(OpCode.CREATE, p + "/eph", utf8("mine"), openAcl, SESSION_A, 3),
                new Txn.Create(OpCode.CREATE2, p + "/seq0000000004", utf8("s"), openAcl, 0, 4),
                new Txn.Create(OpCode.CREATE_CONTAINER, p + "/box", utf8("c"), openAcl, EphemeralOwner.CONTAINER, 5),
                new Txn.Create(OpCode.CREATE_TTL, p + "/ttl", utf8("t"), openAcl, EphemeralOwner.ttl(60_000), 6),
                new Txn.SetData(p, utf8("changed"), 1),
                new Txn.SetAcl(p, mixedAcl, 1),
                new Txn.Check(p, 1),
                new Txn.Delete(p + "/empty"),
                new Txn.Error(ErrorCode.NO_NODE),
                new Txn.Multi(List.of(
                        new Txn.Create(OpCode.CREATE, p + "/m1", utf8("one"), openAcl, 0, 8),
                        new Txn.Create(OpCode.CREATE, p + "/m2", utf8("two"), openAcl, SESSION_A, 9),
                        new Txn.Check(p, 1),
                        new Txn.SetData(p + "/m1", utf8("one-b"), 1),
                        new Txn.Delete(p + "/m1"))),
                new Txn.Multi(List.of(new Txn.Error(ErrorCode.OK), new Txn.Error(ErrorCode.BAD_VERSION),
                        new Txn.Error(ErrorCode.RUNTIME_INCONSISTENCY))),
                new Txn.CloseSession(List.of(p + "/eph", p + "/m2")),
                new Txn.CloseSession(List.of()));
        List<TxnEntry> out = new ArrayList<>();
        for (Txn txn : txns) {
            out.add(entry(first + out.size(), txn));
        }
        return out;
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static List<NodeRecord> sortedByPath(List<NodeRecord> nodes) {
        List<NodeRecord> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(NodeRecord::path));
        return sorted;
    }

    /**
     * A deep rendering for comparisons: records hold byte arrays, whose equals is identity. Lists, records and
     * arrays are rendered element by element, so two values render alike exactly when they hold the same data.
     */
    protected static String render(Object value) {
        StringBuilder out = new StringBuilder();
        render(value, out);
        return out.toString();
    }

    private static void render(Object value, StringBuilder out) {
        if (value instanceof byte[] bytes) {
            out.append("0x").append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",\n ");
                render(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Record record) {
            out.append(record.getClass().getSimpleName()).append('(');
            RecordComponent[] components = record.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
                try {
                    render(components[i].getAccessor().invoke(record), out);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.append(')');
        } else {
            out.append(value);
        }
    }
}
