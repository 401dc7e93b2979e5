package io.paddock.server.sm;

import io.paddock.protocol.Acl;
import io.paddock.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * ZooKeeper's access control: the "world", "digest", "ip" and "auth" schemes, the super user, and the
 * checks of {@code ZooKeeperServer.checkACL} and {@code PrepRequestProcessor.fixupACL}.
 */
public final class Acls {

    private Acls() {
    }

    /** True when ids grant any of the perm bits on a node with this ACL. */
    public static boolean permits(List<Acl> acl, int perm, List<AuthId> ids) {
        if (acl == null || acl.isEmpty()) {
            return true;
        }
        for (AuthId id : ids) {
            if ("super".equals(id.scheme())) {
                return true;
            }
        }
        for (Acl a : acl) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            if ("world".equals(a.scheme()) && "anyone".equals(a.id())) {
                return true;
            }
            for (AuthId id : ids) {
                if (id.scheme().equals(a.scheme()) && matches(a.scheme(), id.id(), a.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(String scheme, String id, String aclExpression) {
        return switch (scheme) {
            case "digest" -> id.equals(aclExpression);
            case "ip" -> IpMatch.matches(id, aclExpression);
            default -> false;
        };
    }

    /** Result of validating a requested ACL: the expanded list, or the error. */
    public record Fixed(List<Acl> acl, ErrorCode error) {
    }

    /**
     * Validates an ACL from create or setACL: no empty list, known schemes with valid ids, and "auth"
     * expanded to the connection's authenticated (digest) ids. Duplicates are dropped.
     */
    public static Fixed fixup(List<Acl> requested, List<AuthId> ids) {
        // Sized for the usual request: one ACL (ArrayList's default of ten showed in allocation profiles).
        List<Acl> unique = new ArrayList<>(requested.size());
        for (Acl a : requested) {
            if (!unique.contains(a)) {
                unique.add(a);
            }
        }
        if (unique.isEmpty()) {
            return new Fixed(null, ErrorCode.INVALID_ACL);
        }
        List<Acl> out = new ArrayList<>(unique.size());
        for (Acl a : unique) {
            if (a.scheme() == null || (a.id() == null && !"auth".equals(a.scheme()))) {
                return new Fixed(null, ErrorCode.INVALID_ACL);
            }
            if ("world".equals(a.scheme()) && "anyone".equals(a.id())) {
                out.add(a);
            } else if ("auth".equals(a.scheme())) {
                boolean any = false;
                for (AuthId id : ids) {
                    // Only providers that authenticate (digest; not ip, not super) expand "auth".
                    if ("digest".equals(id.scheme())) {
                        any = true;
                        out.add(new Acl(a.perms(), id.scheme(), id.id()));
                    }
                }
                if (!any) {
                    return new Fixed(null, ErrorCode.INVALID_ACL);
                }
            } else if (isValidId(a.scheme(), a.id())) {
                out.add(a);
            } else {
                return new Fixed(null, ErrorCode.INVALID_ACL);
            }
        }
        return new Fixed(List.copyOf(out), ErrorCode.OK);
    }

    private static boolean isValidId(String scheme, String id) {
        return switch (scheme) {
            case "digest" -> id.split(":").length == 2;
            case "ip" -> IpMatch.isValid(id);
            default -> false;
        };
    }

    /** The digest id of "user:password": "user:" + base64(sha1("user:password")). */
    public static String digest(String userPassword) {
        String user = userPassword.split(":", 2)[0];
        try {
            byte[] sha = MessageDigest.getInstance("SHA1").digest(userPassword.getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** getACL shows digest ids as "user:x" to a reader without ADMIN permission. */
    public static List<Acl> masked(List<Acl> acl) {
        List<Acl> out = new ArrayList<>(acl.size());
        for (Acl a : acl) {
            if ("digest".equals(a.scheme())) {
                out.add(new Acl(a.perms(), a.scheme(), a.id().replaceAll(":.*", ":x")));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** The user name whoAmI reports for an id. */
    public static String userName(AuthId id) {
        return switch (id.scheme()) {
            case "digest" -> id.id().split(":")[0];
            case "ip" -> id.id();
            default -> "";
        };
    }
}
