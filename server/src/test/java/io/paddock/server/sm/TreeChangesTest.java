package io.paddock.server.sm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.paddock.protocol.Acl;
import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeChangesTest {

    @Test
    void theLastChangeOfAPathWins() {
        TreeChanges first = new TreeChanges(5, List.of(node("/a", 1), node("/b", 1)), List.of("/c"),
                List.of(new SessionRecord(7, 30_000)), List.of(8L));
        TreeChanges second = new TreeChanges(9, List.of(node("/c", 1), node("/a", 2)), List.of("/b"),
                List.of(new SessionRecord(8, 4_000)), List.of(7L));

        TreeChanges merged = TreeChanges.merge(List.of(first, second));

        assertEquals(9, merged.zxid());
        assertEquals(List.of("/a", "/c"), merged.upserted().stream().map(NodeRecord::path).toList());
        assertEquals(2, merged.upserted().get(0).version(), "the later record of /a");
        assertEquals(List.of("/b"), merged.deleted(), "/c deleted then re-created is an upsert");
        assertEquals(List.of(new SessionRecord(8, 4_000)), merged.sessionsUpserted());
        assertEquals(List.of(7L), merged.sessionsDeleted());
    }

    @Test
    void oneChangeIsItsOwnMerge() {
        TreeChanges only = new TreeChanges(3, List.of(node("/a", 0)), List.of(), List.of(), List.of());
        assertSame(only, TreeChanges.merge(List.of(only)));
    }

    private static NodeRecord node(String path, int version) {
        return new NodeRecord(path, new byte[0], List.of(Acl.WORLD_ALL), 1, 1, 0, 0, version, 0, 0, 0, 1);
    }
}
