package io.paddock.server.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paddock.protocol.Acl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a snapshot save receives from the tree: every path's final state since the last save, once. */
class ChangedNodesTest {
    private static final List<Acl> OPEN = List.of(Acl.WORLD_ALL);

    private record Drained(List<String> upserted, List<String> deleted, List<Integer> versions) {
    }

    private static Drained drain(DataTree tree) {
        List<NodeRecord> upserted = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        tree.drainChanges(upserted, deleted);
        return new Drained(upserted.stream().map(NodeRecord::path).toList(), deleted,
                upserted.stream().map(NodeRecord::version).toList());
    }

    @Test
    void aNodeChangedManyTimesIsWrittenOnceAsItIsNow() {
        DataTree tree = new DataTree();
        tree.create("/a", new byte[0], OPEN, 0, 1, 1, 0);
        tree.setData("/a", new byte[1], 1, 2, 0);
        tree.setData("/a", new byte[2], 2, 3, 0);
        assertEquals(new Drained(List.of("/a", "/"), List.of(), List.of(2, 0)), drain(tree));
        assertEquals(new Drained(List.of(), List.of(), List.of()), drain(tree), "the tracking starts afresh");
    }

    @Test
    void aDeletedNodeIsDeletedAndARecreatedOneUpserted() {
        DataTree tree = new DataTree();
        tree.create("/gone", new byte[0], OPEN, 0, 1, 1, 0);
        tree.create("/again", new byte[0], OPEN, 0, 2, 2, 0);
        drain(tree);
        tree.setData("/gone", new byte[1], 1, 3, 0);
        tree.delete("/gone", 4);
        tree.delete("/again", 5);
        tree.create("/again", new byte[3], OPEN, 0, 3, 6, 0);
        Drained drained = drain(tree);
        assertEquals(List.of("/", "/again"), drained.upserted());
        assertEquals(List.of("/gone"), drained.deleted());
    }

    @Test
    void aNodeCreatedAndDeletedBetweenSavesIsNotWrittenAtAll() {
        DataTree tree = new DataTree();
        tree.create("/brief", new byte[0], OPEN, 0, 1, 1, 0);
        tree.setData("/brief", new byte[1], 1, 2, 0);
        tree.delete("/brief", 3);
        // The snapshot never had it; only the parent's cversion and pzxid changed.
        assertEquals(new Drained(List.of("/"), List.of(), List.of(0)), drain(tree));
    }

    @Test
    void aSavedNodeDeletedThenRecreatedAndDeletedAgainIsDeleted() {
        DataTree tree = new DataTree();
        tree.create("/p", new byte[0], OPEN, 0, 1, 1, 0);
        drain(tree);
        tree.delete("/p", 2);
        tree.create("/p", new byte[0], OPEN, 0, 2, 3, 0);
        tree.delete("/p", 4);
        assertEquals(new Drained(List.of("/"), List.of("/p"), List.of(0)), drain(tree));
    }

    @Test
    void aNodeCreatedBeforeTheSaveAndDeletedAfterItIsDeleted() {
        DataTree tree = new DataTree();
        tree.create("/q", new byte[0], OPEN, 0, 1, 1, 0);
        drain(tree);
        tree.delete("/q", 2);
        assertEquals(new Drained(List.of("/"), List.of("/q"), List.of(0)), drain(tree));
    }

    @Test
    void queueChurnBetweenSavesHoldsNoDeadNodes() {
        // A queue recipe: sequential children created and consumed. Between two saves, only the ones still
        // there (and the parent) are held for the next save.
        DataTree tree = new DataTree();
        tree.create("/queue", new byte[0], OPEN, 0, 1, 1, 0);
        drain(tree);
        for (int i = 0; i < 10_000; i++) {
            tree.create("/queue/item-" + i, new byte[100], OPEN, 0, i + 1, 2 + i * 2L, 0);
            if (i >= 5) {
                tree.delete("/queue/item-" + (i - 5), 3 + i * 2L);
            }
        }
        assertEquals(1 + 5, tree.changedCount());
        Drained drained = drain(tree);
        assertEquals(List.of("/queue", "/queue/item-9995", "/queue/item-9996", "/queue/item-9997",
                "/queue/item-9998", "/queue/item-9999"), drained.upserted());
        assertEquals(List.of(), drained.deleted());
    }
}
