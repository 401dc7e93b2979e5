package io.paddock.server.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.protocol.Acl;
import io.paddock.server.sm.StateMachine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures what the serving tree costs: live heap per znode, the time a lookup takes and the time
 * recovery takes to rebuild the tree, on the bench's shape (/mem, 1,000 directories of 1,000 nodes of
 * 100 bytes). Takes a few GB of heap and half a minute, so it runs only when asked:
 * {@code mvn -B -o -pl server -am test -Dtree.measure=true -Dtest=TreeFootprintTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures land in
 * {@code server/target/surefire-reports/io.paddock.server.tree.TreeFootprintTest-output.txt}.
 */
@EnabledIfSystemProperty(named = "tree.measure", matches = "true",
        disabledReason = "a measurement, not a check: run with -Dtree.measure=true")
class TreeFootprintTest {
    private static final int DIRECTORIES = 1_000;
    private static final int NODES_PER_DIRECTORY = 1_000;
    private static final int VALUE_BYTES = 100;
    private static final int RESTORE_RUNS = 5;
    private static final int LOOKUP_RUNS = 3;
    private static final List<Acl> OPEN = List.of(Acl.WORLD_ALL);

    @Test
    void measureHeapPerZnodeAndRestoreTime() {
        long baselineBytes = liveHeapBytes();
        DataTree tree = benchShapedTree();
        int znodes = DIRECTORIES * NODES_PER_DIRECTORY + DIRECTORIES + 1;
        // The snapshot writer drains these as it goes; they are not part of the serving tree.
        tree.drainChanges(new java.util.ArrayList<>(), new java.util.ArrayList<>());
        long treeBytes = liveHeapBytes() - baselineBytes;
        report("created tree: %d znodes, %d live bytes, %.1f B/znode", znodes, treeBytes,
                (double) treeBytes / znodes);

        List<String> paths = tree.sortedPaths();
        measureLookups(tree, paths);
        List<NodeRecord> records = new ArrayList<>();
        for (String path : paths) {
            records.add(asDecoded(tree.record(path)));
        }
        paths = null;
        tree = null;
        long bestNs = Long.MAX_VALUE;
        StateMachine restored = null;
        for (int run = 1; run <= RESTORE_RUNS; run++) {
            restored = null;
            liveHeapBytes();
            long startNs = System.nanoTime();
            restored = new StateMachine(2000, false);
            restored.restore(0, records, List.of(), List.of(), 0);
            long elapsedNs = System.nanoTime() - startNs;
            bestNs = Math.min(bestNs, elapsedNs);
            report("restore run %d: %d records in %d ms", run, records.size(), elapsedNs / 1_000_000);
        }
        report("restore best of %d: %d ms", RESTORE_RUNS, bestNs / 1_000_000);
        assertEquals(znodes + 4, restored.tree().nodeCount(), "the bench nodes, the root and ZooKeeper's three");

        records = null;
        long restoredBytes = liveHeapBytes() - baselineBytes;
        report("restored tree: %d live bytes (state machine included), %.1f B/znode", restoredBytes,
                (double) restoredBytes / znodes);
        assertEquals(znodes + 4, restored.tree().nodeCount());
    }

    /**
     * Looks every path up in random order, each time through a new String as a request decodes it,
     * whose hash is not yet cached.
     */
    private static void measureLookups(DataTree tree, List<String> paths) {
        List<String> shuffled = new ArrayList<>(paths);
        Collections.shuffle(shuffled, new Random(1));
        for (int run = 1; run <= LOOKUP_RUNS; run++) {
            List<String> fresh = new ArrayList<>(shuffled.size());
            for (String path : shuffled) {
                fresh.add(new StringBuilder(path).toString());
            }
            int found = 0;
            long mzxidSum = 0;
            long startNs = System.nanoTime();
            for (String path : fresh) {
                Znode node = tree.get(path);
                if (node != null) {
                    // A read goes on to the node's stat: the lookup includes reaching the node itself.
                    mzxidSum += node.mzxid();
                    found++;
                }
            }
            long elapsedNs = System.nanoTime() - startNs;
            assertEquals(paths.size(), found);
            assertTrue(mzxidSum > 0);
            report("lookup run %d: %d get() in random order in %d ms, %d ns each", run, found,
                    elapsedNs / 1_000_000, elapsedNs / found);
        }
    }

    /** Built as Apply builds it: one create per node, each with its own copy of the value. */
    private static DataTree benchShapedTree() {
        DataTree tree = new DataTree();
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');
        long zxid = 1;
        tree.create("/mem", new byte[0], OPEN, 0, tree.get("/").cversion() + 1, zxid++, zxid);
        for (int d = 0; d < DIRECTORIES; d++) {
            String directory = String.format("/mem/b%05d", d);
            tree.create(directory, new byte[0], OPEN, 0, tree.get("/mem").cversion() + 1, zxid++, zxid);
            for (int n = 0; n < NODES_PER_DIRECTORY; n++) {
                tree.create(directory + "/n" + n, value.clone(), OPEN, 0, tree.get(directory).cversion() + 1,
                        zxid++, zxid);
            }
        }
        return tree;
    }

    /**
     * The record as storage hands it over after decoding: its own path, data and ACL objects, none shared
     * with the tree the record was taken from or with other records.
     */
    private static NodeRecord asDecoded(NodeRecord r) {
        List<Acl> acl = new ArrayList<>();
        for (Acl a : r.acl()) {
            acl.add(new Acl(a.perms(), new String(a.scheme()), new String(a.id())));
        }
        byte[] data = r.data() == null ? null : r.data().clone();
        return new NodeRecord(new String(r.path()), data, List.copyOf(acl), r.czxid(), r.mzxid(), r.ctime(),
                r.mtime(), r.version(), r.cversion(), r.aversion(), r.ephemeralOwner(), r.pzxid());
    }

    private static long liveHeapBytes() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(String format, Object... args) {
        System.out.printf("tree.measure: " + format + "%n", args);
    }
}
