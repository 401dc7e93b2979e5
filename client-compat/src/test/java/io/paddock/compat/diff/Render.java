package io.paddock.compat.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Stat;

/**
 * Renders observed values as text. Values that legitimately differ between two correct servers are written as
 * placeholders that {@link Transcript#normalise} later replaces: {@code ⟦z:N⟧} for a zxid (mapped to its rank
 * among all zxids of the run) and {@code ⟦s:N⟧} for a session id (mapped to the session's order of creation).
 * Times are reduced to "zero or not", since wall clocks differ.
 */
final class Render {

    static final String ZXID_OPEN = "⟦z:";
    static final String SESSION_OPEN = "⟦s:";
    static final String CLOSE = "⟧";

    private Render() {
    }

    static String zxid(long zxid) {
        if (zxid <= 0) {
            return Long.toString(zxid);
        }
        return ZXID_OPEN + zxid + CLOSE;
    }

    static String owner(long ephemeralOwner) {
        if (ephemeralOwner == 0) {
            return "0";
        }
        return SESSION_OPEN + Long.toHexString(ephemeralOwner) + CLOSE;
    }

    static String stat(Stat s) {
        if (s == null) {
            return "nostat";
        }
        StringBuilder sb = new StringBuilder("{");
        field(sb, "cz", zxid(s.getCzxid()));
        field(sb, "mz", zxid(s.getMzxid()));
        field(sb, "pz", zxid(s.getPzxid()));
        field(sb, "v", Integer.toString(s.getVersion()));
        field(sb, "cv", Integer.toString(s.getCversion()));
        field(sb, "av", Integer.toString(s.getAversion()));
        field(sb, "eo", owner(s.getEphemeralOwner()));
        field(sb, "dl", Integer.toString(s.getDataLength()));
        field(sb, "nc", Integer.toString(s.getNumChildren()));
        field(sb, "ct", time(s.getCtime()));
        field(sb, "mt", time(s.getMtime()));
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (DiffConfig.ignoredStatFields().contains(name)) {
            return;
        }
        if (sb.length() > 1) {
            sb.append(' ');
        }
        sb.append(name).append('=').append(value);
    }

    private static String time(long t) {
        return t == 0 ? "0" : "T";
    }

    static String data(byte[] b) {
        if (b == null) {
            return "null";
        }
        boolean printable = b.length <= 40;
        for (byte x : b) {
            printable &= x >= 0x20 && x < 0x7f;
        }
        if (printable) {
            return "\"" + new String(b, StandardCharsets.US_ASCII) + "\"";
        }
        CRC32 crc = new CRC32();
        crc.update(b);
        return "<" + b.length + " bytes crc " + Long.toHexString(crc.getValue()) + ">";
    }

    static String perms(int p) {
        StringBuilder sb = new StringBuilder();
        sb.append((p & Perms.CREATE) != 0 ? "c" : "");
        sb.append((p & Perms.DELETE) != 0 ? "d" : "");
        sb.append((p & Perms.READ) != 0 ? "r" : "");
        sb.append((p & Perms.WRITE) != 0 ? "w" : "");
        sb.append((p & Perms.ADMIN) != 0 ? "a" : "");
        int extra = p & ~Perms.ALL;
        if (extra != 0) {
            sb.append("+0x").append(Integer.toHexString(extra));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /**
     * An ACL list, sorted: ZooKeeper expands an "auth" ACL from the session's identities, which it keeps in a
     * hash set, so that part of the order is an accident of hashing.
     */
    static String acl(List<ACL> acl) {
        if (acl == null) {
            return "null";
        }
        List<String> out = new ArrayList<>();
        for (ACL a : acl) {
            String id = a.getId() == null ? "null" : a.getId().getScheme() + ":" + idName(a.getId().getId());
            out.add(id + "=" + perms(a.getPerms()));
        }
        out.sort(null);
        return out.toString();
    }

    private static String idName(String id) {
        for (Specs.User u : Specs.User.values()) {
            if (u.digestId().equals(id)) {
                return "{" + u.name + "/" + u.password + "}";
            }
        }
        return quote(id);
    }

    static String children(List<String> children) {
        if (children == null) {
            return "null";
        }
        List<String> sorted = new ArrayList<>(children);
        sorted.sort(null);
        List<String> quoted = new ArrayList<>();
        for (String c : sorted) {
            quoted.add(quotePath(c));
        }
        return quoted.toString();
    }

    /** whoAmI's list, sorted: ZooKeeper keeps a connection's identities in a hash set. */
    static String clientInfos(List<ClientInfo> infos) {
        if (infos == null) {
            return "null";
        }
        List<String> out = new ArrayList<>();
        for (ClientInfo ci : infos) {
            out.add(ci.getAuthScheme() + ":" + quote(ci.getUser()));
        }
        out.sort(null);
        return out.toString();
    }

    static String event(WatchedEvent e) {
        if (e.getType() == Watcher.Event.EventType.None) {
            return "state " + e.getState() + (e.getPath() == null ? "" : " " + quotePath(e.getPath()));
        }
        String state = e.getState() == Watcher.Event.KeeperState.SyncConnected ? "" : " (" + e.getState() + ")";
        String zxid = e.getZxid() == WatchedEvent.NO_ZXID ? "" : " @" + zxid(e.getZxid());
        return e.getType() + " " + quotePath(e.getPath()) + zxid + state;
    }

    static String error(KeeperException e) {
        return "ERR " + e.code();
    }

    static String code(int rc) {
        KeeperException.Code code = KeeperException.Code.get(rc);
        return code == null ? "rc=" + rc : code.toString();
    }

    static String opResults(List<OpResult> results) {
        if (results == null) {
            return "null";
        }
        List<String> out = new ArrayList<>();
        for (OpResult r : results) {
            out.add(opResult(r));
        }
        return out.toString();
    }

    static String opResult(OpResult r) {
        if (r instanceof OpResult.CreateResult c) {
            return "create " + quotePath(c.getPath()) + (c.getStat() == null ? "" : " " + stat(c.getStat()));
        } else if (r instanceof OpResult.DeleteResult) {
            return "delete";
        } else if (r instanceof OpResult.SetDataResult s) {
            return "setData " + stat(s.getStat());
        } else if (r instanceof OpResult.CheckResult) {
            return "check";
        } else if (r instanceof OpResult.GetDataResult g) {
            return "getData " + data(g.getData()) + " " + stat(g.getStat());
        } else if (r instanceof OpResult.GetChildrenResult g) {
            return "getChildren " + children(g.getChildren());
        } else if (r instanceof OpResult.ErrorResult e) {
            return "error " + code(e.getErr());
        }
        return r.getClass().getSimpleName() + " type=" + r.getType();
    }

    static String thrown(Throwable t) {
        if (t instanceof KeeperException ke) {
            String s = error(ke);
            if (ke.getResults() != null) {
                s += " results=" + opResults(ke.getResults());
            }
            return s;
        }
        // Client-side rejections: the message is the client's own, identical for both servers.
        return t.getClass().getSimpleName() + ": " + quote(String.valueOf(t.getMessage()));
    }

    static String quotePath(String p) {
        if (p == null) {
            return "null";
        }
        return quote(p);
    }

    /** Escapes control characters so that invalid paths stay visible. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        boolean plain = !s.isEmpty();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
                plain = false;
            } else {
                sb.append(c);
                plain &= c != ' ' && c != '"';
            }
        }
        return plain ? sb.toString() : "\"" + sb + "\"";
    }
}
