package io.paddock.server.tools;

import io.paddock.protocol.Acl;
import io.paddock.protocol.OpCode;
import io.paddock.protocol.Perms;
import io.paddock.server.tree.EphemeralOwner;
import io.paddock.server.txn.Txn;
import io.paddock.server.txn.TxnEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How the tools show txns, ACLs, data and times: one line per txn in the order of ZooKeeper's
 * TxnLogToolkit ({@code <time> session 0x.. cxid 0x.. zxid 0x.. <type> <details>}), type names as
 * ZooKeeper's {@code Request.op2String} spells them.
 */
final class Text {
    /** Data longer than this is cut, with its length shown. */
    static final int DATA_CHARS_MAX = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z");

    private final ZoneId zone;

    Text(ZoneId zone) {
        this.zone = zone;
    }

    String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    String txnLine(TxnEntry e) {
        return String.format("%s session 0x%s cxid 0x%s zxid 0x%s %s", time(e.timeMs()),
                Long.toHexString(e.sessionId()), Integer.toHexString(e.cxid()), Long.toHexString(e.zxid()),
                describe(e.txn()));
    }

    /** The type and the details of a txn, e.g. {@code setData /a data='x' version=2}. */
    static String describe(Txn txn) {
        if (txn instanceof Txn.Create c) {
            return typeName(c.op()) + " " + c.path() + " data=" + data(c.data()) + " acl=" + acl(c.acl()) + " "
                    + kind(c.ephemeralOwner()) + " parentCversion=" + c.parentCversion();
        } else if (txn instanceof Txn.Delete d) {
            return "delete " + d.path();
        } else if (txn instanceof Txn.SetData s) {
            return "setData " + s.path() + " data=" + data(s.data()) + " version=" + s.version();
        } else if (txn instanceof Txn.SetAcl s) {
            return "setACL " + s.path() + " acl=" + acl(s.acl()) + " aclVersion=" + s.aversion();
        } else if (txn instanceof Txn.Check c) {
            return "check " + c.path() + " version=" + c.version();
        } else if (txn instanceof Txn.Error e) {
            return "error " + e.err() + "(" + e.err().code + ")";
        } else if (txn instanceof Txn.CreateSession cs) {
            return "createSession timeout=" + cs.timeoutMs();
        } else if (txn instanceof Txn.CloseSession cs) {
            return "closeSession ephemerals=" + cs.ephemeralPaths();
        } else if (txn instanceof Txn.Multi m) {
            List<String> parts = new ArrayList<>();
            for (Txn sub : m.txns()) {
                parts.add(describe(sub));
            }
            return "multi [" + String.join("; ", parts) + "]";
        }
        throw new IllegalArgumentException("unknown txn " + txn);
    }

    private static String typeName(OpCode op) {
        return switch (op) {
            case CREATE -> "create";
            case CREATE2 -> "create2";
            case CREATE_CONTAINER -> "createContainer";
            case CREATE_TTL -> "createTTL";
            default -> op.name();
        };
    }

    /** What owns a node: persistent, ephemeral (session), container, or ttl=<ms>. */
    static String kind(long ephemeralOwner) {
        if (ephemeralOwner == 0) {
            return "persistent";
        } else if (EphemeralOwner.isContainer(ephemeralOwner)) {
            return "container";
        } else if (EphemeralOwner.isTtl(ephemeralOwner)) {
            return "ttl=" + EphemeralOwner.ttlMs(ephemeralOwner);
        }
        return "ephemeral(0x" + Long.toHexString(ephemeralOwner) + ")";
    }

    /** An ACL as zkCli's getAcl shows each entry: scheme:id:perms, e.g. [world:anyone:cdrwa]. */
    static String acl(List<Acl> acl) {
        List<String> entries = new ArrayList<>(acl.size());
        for (Acl a : acl) {
            entries.add(a.scheme() + ":" + a.id() + ":" + perms(a.perms()));
        }
        return "[" + String.join(", ", entries) + "]";
    }

    static String perms(int perms) {
        StringBuilder s = new StringBuilder();
        if ((perms & Perms.CREATE) != 0) {
            s.append('c');
        }
        if ((perms & Perms.DELETE) != 0) {
            s.append('d');
        }
        if ((perms & Perms.READ) != 0) {
            s.append('r');
        }
        if ((perms & Perms.WRITE) != 0) {
            s.append('w');
        }
        if ((perms & Perms.ADMIN) != 0) {
            s.append('a');
        }
        return s.toString();
    }

    /** null, printable UTF-8 as a quoted string (\\ and ' escaped), anything else as hex; long data is cut and its length shown. */
    static String data(byte[] data) {
        if (data == null) {
            return "null";
        } else if (data.length == 0) {
            return "''";
        }
        String text = printable(data);
        String shown = text != null ? "'" + text + "'" : "0x" + HexFormat.of().formatHex(data);
        if (shown.length() > DATA_CHARS_MAX) {
            return shown.substring(0, DATA_CHARS_MAX) + "...(" + data.length + " bytes)";
        }
        return shown;
    }

    private static String printable(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return null;
            }
        }
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
