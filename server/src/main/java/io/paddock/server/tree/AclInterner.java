package io.paddock.server.tree;

import io.paddock.protocol.Acl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one immutable list among all nodes with equal ACLs: trees hold millions of nodes and a handful
 * of distinct ACLs. Lists are never evicted; the number of distinct ACLs stays small in practice.
 */
final class AclInterner {
    private final Map<List<Acl>, List<Acl>> lists = new HashMap<>();

    List<Acl> intern(List<Acl> acl) {
        List<Acl> copy = List.copyOf(acl);
        return lists.computeIfAbsent(copy, k -> k);
    }
}
