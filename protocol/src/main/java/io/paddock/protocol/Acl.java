package io.paddock.protocol;

/** One access control entry: the permission bits granted to an id of a scheme. */
public record Acl(int perms, String scheme, String id) {

    public static final Acl WORLD_ALL = new Acl(Perms.ALL, "world", "anyone");
    public static final Acl WORLD_READ = new Acl(Perms.READ, "world", "anyone");
}
