package io.paddock.server.sm;

import io.paddock.server.session.SessionRecord;
import io.paddock.server.tree.NodeRecord;
import java.util.List;

/**
 * What changed in the applied state since the last time the shell asked: the snapshot family is brought
 * up to date with these, stamped with {@code zxid}, in one batch.
 */
public record TreeChanges(long zxid, List<NodeRecord> upserted, List<String> deleted,
                          List<SessionRecord> sessionsUpserted, List<Long> sessionsDeleted) {

    public boolean isEmpty() {
        return upserted.isEmpty() && deleted.isEmpty() && sessionsUpserted.isEmpty() && sessionsDeleted.isEmpty();
    }
}
