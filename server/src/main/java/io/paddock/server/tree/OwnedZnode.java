package io.paddock.server.tree;

import io.paddock.protocol.Acl;
import java.util.List;

/** A znode with an owner: an ephemeral's session, or the container or TTL marker of {@link EphemeralOwner}. */
final class OwnedZnode extends Znode {
    private final long ephemeralOwner;

    OwnedZnode(byte[] name, byte[] data, List<Acl> acl, long czxid, long ctime, long ephemeralOwner) {
        super(name, data, acl, czxid, ctime);
        this.ephemeralOwner = ephemeralOwner;
    }

    @Override
    public long ephemeralOwner() {
        return ephemeralOwner;
    }
}
