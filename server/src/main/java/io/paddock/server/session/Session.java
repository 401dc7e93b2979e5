package io.paddock.server.session;

/**
 * A session as the ensemble knows it (id, timeout, password) plus when this server will expire it.
 * Mutable; owned by the replica loop thread.
 */
public final class Session {
    public final long id;
    public final int timeoutMs;
    private final byte[] passwd;
    long expiresAtMs;
    boolean closing;

    Session(long id, int timeoutMs, byte[] passwd) {
        this.id = id;
        this.timeoutMs = timeoutMs;
        this.passwd = passwd.clone();
    }

    public boolean passwordMatches(byte[] candidate) {
        return java.security.MessageDigest.isEqual(passwd, candidate);
    }

    public byte[] passwd() {
        return passwd.clone();
    }

    public boolean closing() {
        return closing;
    }

    public long expiresAtMs() {
        return expiresAtMs;
    }
}
