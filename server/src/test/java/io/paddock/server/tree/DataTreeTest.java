package io.paddock.server.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.paddock.protocol.Acl;
import io.paddock.server.base.Prng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The tree's lookups, child tables and restore, checked against plain collections. */
class DataTreeTest {
    private static final List<Acl> OPEN = List.of(Acl.WORLD_ALL);

    @Test
    void childrenMatchAReferenceSetThroughGrowthAndShrinking() {
        DataTree tree = new DataTree();
        create(tree, "/q", new byte[0]);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            names.add(i % 7 == 0 ? "ünï-" + i : i % 11 == 0 ? "日本" + i : "n" + i);
        }
        Set<String> expected = new HashSet<>();
        Prng prng = new Prng(42);
        for (int step = 0; step < 20_000; step++) {
            String name = names.get((int) Long.remainderUnsigned(prng.nextLong(), names.size()));
            // Mostly adds early, mostly removes late: the table grows to hundreds and shrinks to none.
            boolean add = Long.remainderUnsigned(prng.nextLong(), 20_000) > step;
            if (add && !expected.contains(name)) {
                create(tree, "/q/" + name, null);
                expected.add(name);
            } else if (!add && expected.contains(name)) {
                tree.delete("/q/" + name, step + 2);
                expected.remove(name);
            }
            if (step % 97 == 0) {
                assertChildren(tree, "/q", expected);
                for (String each : names) {
                    assertEquals(expected.contains(each), tree.get("/q/" + each) != null, each);
                }
            }
        }
        assertChildren(tree, "/q", expected);
        assertEquals(5 + expected.size(), tree.nodeCount());
    }

    @Test
    void pathsThatNameNoNodeFindNothing() {
        DataTree tree = new DataTree();
        create(tree, "/a", null);
        create(tree, "/a/b", null);
        create(tree, "/ü", null);
        for (String path : List.of("/a/", "//a", "a", "/a//b", "/a/b/", "/ab", "/a/bc", "/a/b/c", "/u", "/ü/")) {
            assertNull(tree.get(path), path);
        }
        assertSame(tree.get("/"), tree.get(""));
        assertEquals("/a/b", tree.record("/a/b").path());
        assertEquals(List.of("b"), tree.get("/a").childNames());
        assertEquals(Set.of("a", "ü", "zookeeper"), new HashSet<>(tree.get("/").childNames()));
        assertEquals(List.of("/", "/a", "/a/b", "/zookeeper", "/zookeeper/config", "/zookeeper/quota", "/ü"),
                tree.sortedPaths());
        assertEquals(6, tree.descendantCount("/"));
        assertEquals(1, tree.descendantCount("/a"));
        assertEquals(7, tree.descendantCount(""));
        assertEquals(0, tree.descendantCount("/missing"));
    }

    @Test
    void restoreRebuildsWhatTheRecordsHoldAndZooKeepersNodesTakeTheirValues() {
        DataTree original = new DataTree();
        create(original, "/a", "root-child".getBytes());
        create(original, "/a/b", null);
        create(original, "/a-b", new byte[0]);
        create(original, "/a/b/日本", new byte[] {1, 2, 3});
        original.setData("/zookeeper", new byte[] {9}, 1, 50, 60);
        original.create("/e", null, OPEN, 0x1234L, original.get("/").cversion() + 1, 70, 80);
        original.create("/c", null, OPEN, EphemeralOwner.CONTAINER, original.get("/").cversion() + 1, 71, 81);
        List<NodeRecord> records = new ArrayList<>();
        for (String path : original.sortedPaths()) {
            records.add(original.record(path));
        }

        DataTree restored = new DataTree();
        restored.restore(records);

        assertEquals(original.sortedPaths(), restored.sortedPaths());
        for (String path : original.sortedPaths()) {
            Znode before = original.get(path);
            Znode after = restored.get(path);
            assertEquals(before.stat(), after.stat(), path);
            assertArrayEquals(before.data(), after.data(), path);
            assertEquals(before.acl(), after.acl(), path);
            assertEquals(new TreeSet<>(before.childNames()), new TreeSet<>(after.childNames()), path);
        }
        assertEquals(original.nodeCount(), restored.nodeCount());
        assertEquals(original.dataBytes(), restored.dataBytes());
        assertEquals(List.of("/e"), restored.ephemerals(0x1234L));
        assertEquals(Set.of("/c"), restored.containers());
    }

    private static void create(DataTree tree, String path, byte[] data) {
        int slash = path.lastIndexOf('/');
        Znode parent = tree.get(slash == 0 ? "/" : path.substring(0, slash));
        tree.create(path, data, OPEN, 0, parent.cversion() + 1, tree.nodeCount(), 0);
    }

    private static void assertChildren(DataTree tree, String path, Set<String> expected) {
        List<String> names = tree.get(path).childNames();
        assertEquals(expected.size(), names.size(), "no name listed twice");
        assertEquals(expected, new HashSet<>(names));
        assertEquals(expected.size(), tree.get(path).childCount());
    }
}
