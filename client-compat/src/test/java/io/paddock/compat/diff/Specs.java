package io.paddock.compat.diff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The small vocabularies generated operations are built from: data, ACLs, versions, watchers, users. Each value
 * renders as a short name so that a shrunk sequence reads like a script.
 */
final class Specs {

    private Specs() {
    }

    /** Paths that exist on a fresh server or that generated creates make; ops mostly target these. */
    static final List<String> VALID_PATHS = List.of("/", "/a", "/a/b", "/a/b/c", "/d", "/d/e",
            "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    /** Paths the Java client rejects (IllegalArgumentException) before sending; raw requests send them. */
    static final List<String> INVALID_PATHS = List.of("a", "/a/", "/a//b", "/a/./b", "/a/../b", "", "/a\u0000b",
            "/a\u0001", "/.", "/..", "//");

    /** A znode's data. */
    enum Data {
        NULL(null),
        EMPTY(new byte[0]),
        V1("v1".getBytes(StandardCharsets.UTF_8)),
        V2("v2".getBytes(StandardCharsets.UTF_8)),
        BIG(big());

        private final byte[] bytes;

        Data(byte[] bytes) {
            this.bytes = bytes;
        }

        byte[] bytes() {
            return bytes == null ? null : bytes.clone();
        }

        private static byte[] big() {
            byte[] b = new byte[200];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ('a' + i % 26);
            }
            return b;
        }
    }

    /** Digest users; {@link #SUPER} matches the superDigest both fixture servers are configured with. */
    enum User {
        U1("u1", "p1"),
        U2("u2", "p2"),
        U1_WRONG_PASSWORD("u1", "nope"),
        SUPER("super", "superpw");

        final String name;
        final String password;

        User(String name, String password) {
            this.name = name;
            this.password = password;
        }

        byte[] authData() {
            return (name + ":" + password).getBytes(StandardCharsets.UTF_8);
        }

        /** "name:base64(sha1(name:password))", the id of a digest ACL for this user. */
        String digestId() {
            try {
                byte[] sha = MessageDigest.getInstance("SHA1")
                        .digest((name + ":" + password).getBytes(StandardCharsets.UTF_8));
                return name + ":" + Base64.getEncoder().encodeToString(sha);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** ACL lists, valid and not. */
    enum AclSpec {
        OPEN,
        READ_ONLY,
        CREATOR_ALL,
        DIGEST_U1_ALL,
        U1_ALL_WORLD_READ,
        U2_READ_ONLY,
        WORLD_NO_READ,
        WORLD_CREATE_DELETE,
        WORLD_READ_ADMIN,
        IP_LOCAL,
        IP_OTHER,
        /** Rejected by the Java client; sent by raw requests. */
        EMPTY,
        BAD_SCHEME,
        BAD_DIGEST_ID,
        BAD_IP,
        WORLD_BAD_ID,
        DUPLICATE,
        PERMS_ZERO,
        PERMS_EXTRA_BITS,
        AUTH_WITH_ID,
        SUPER_DIGEST;

        /** A fresh mutable list: the client calls {@code contains(null)}, which immutable lists reject. */
        List<ACL> acl() {
            return new ArrayList<>(immutableAcl());
        }

        private List<ACL> immutableAcl() {
            return switch (this) {
                case OPEN -> List.of(acl(Perms.ALL, "world", "anyone"));
                case READ_ONLY -> List.of(acl(Perms.READ, "world", "anyone"));
                case CREATOR_ALL -> List.of(acl(Perms.ALL, "auth", ""));
                case DIGEST_U1_ALL -> List.of(acl(Perms.ALL, "digest", User.U1.digestId()));
                case U1_ALL_WORLD_READ -> List.of(acl(Perms.ALL, "digest", User.U1.digestId()),
                        acl(Perms.READ, "world", "anyone"));
                case U2_READ_ONLY -> List.of(acl(Perms.READ, "digest", User.U2.digestId()));
                case WORLD_NO_READ -> List.of(acl(Perms.ALL & ~Perms.READ, "world", "anyone"));
                case WORLD_CREATE_DELETE -> List.of(acl(Perms.CREATE | Perms.DELETE, "world", "anyone"));
                case WORLD_READ_ADMIN -> List.of(acl(Perms.READ | Perms.ADMIN, "world", "anyone"));
                case IP_LOCAL -> List.of(acl(Perms.ALL, "ip", "127.0.0.1"));
                case IP_OTHER -> List.of(acl(Perms.ALL, "ip", "10.0.0.0/8"));
                case EMPTY -> List.of();
                case BAD_SCHEME -> List.of(acl(Perms.ALL, "nosuchscheme", "x"));
                case BAD_DIGEST_ID -> List.of(acl(Perms.ALL, "digest", "nocolon"));
                case BAD_IP -> List.of(acl(Perms.ALL, "ip", "999.1.1.1"));
                case WORLD_BAD_ID -> List.of(acl(Perms.ALL, "world", "someone"));
                case DUPLICATE -> List.of(acl(Perms.ALL, "world", "anyone"), acl(Perms.ALL, "world", "anyone"));
                case PERMS_ZERO -> List.of(acl(0, "world", "anyone"));
                case PERMS_EXTRA_BITS -> List.of(acl(0xff, "world", "anyone"));
                case AUTH_WITH_ID -> List.of(acl(Perms.ALL, "auth", "whoever"));
                case SUPER_DIGEST -> List.of(acl(Perms.ALL, "digest", User.SUPER.digestId()));
            };
        }

        private static ACL acl(int perms, String scheme, String id) {
            return new ACL(perms, new Id(scheme, id));
        }
    }

    /**
     * A version argument. CURRENT and CURRENT_PLUS_1 are resolved when the op runs, from a stat read of the same
     * side just before; the stat read itself is not part of the transcript.
     */
    enum VersionSpec {
        ANY(-1),
        CURRENT(0),
        CURRENT_PLUS_1(0),
        ZERO(0),
        ONE(1),
        MINUS_2(-2);

        final int literal;

        VersionSpec(int literal) {
            this.literal = literal;
        }

        boolean needsStat() {
            return this == CURRENT || this == CURRENT_PLUS_1;
        }

        int resolve(int current) {
            return switch (this) {
                case CURRENT -> current;
                case CURRENT_PLUS_1 -> current + 1;
                default -> literal;
            };
        }
    }

    /** Which watcher a read leaves: none, the session's default watcher (watch=true), or a second watcher. */
    enum WatchSpec {
        NONE,
        DEFAULT,
        CUSTOM
    }

    /** A watcher argument for addWatch / removeWatches. */
    enum WatcherSel {
        DEFAULT,
        CUSTOM
    }

    /** A path argument: a fixed string, or the path the latest successful create on this side returned. */
    record PathSpec(String fixed) {
        static final PathSpec LAST_CREATED = new PathSpec(null);

        static PathSpec of(String path) {
            return new PathSpec(path);
        }

        boolean isLastCreated() {
            return fixed == null;
        }

        @Override
        public String toString() {
            return fixed == null ? "$last" : Render.quotePath(fixed);
        }
    }
}
