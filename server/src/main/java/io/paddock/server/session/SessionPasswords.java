package io.paddock.server.session;

/**
 * Session passwords derived from the session id exactly as Apache ZooKeeper derives them
 * ({@code ZooKeeperServer.generatePasswd}: java.util.Random seeded with id ^ 0xB3415C00, 16 bytes).
 * Deriving rather than storing keeps the txn format ZooKeeper's, and lets sessions imported from a
 * ZooKeeper dataDir keep working with the passwords their clients hold.
 */
public final class SessionPasswords {
    private static final long SUPER_SECRET = 0XB3415C00L;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    public static final int LENGTH = 16;

    private SessionPasswords() {
    }

    public static byte[] derive(long sessionId) {
        // java.util.Random's generator, spelled out: the core draws no randomness of its own.
        long seed = ((sessionId ^ SUPER_SECRET) ^ MULTIPLIER) & MASK;
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; ) {
            seed = (seed * MULTIPLIER + 0xBL) & MASK;
            int rnd = (int) (seed >>> 16);
            for (int n = Math.min(LENGTH - i, 4); n-- > 0; rnd >>= 8) {
                out[i++] = (byte) rnd;
            }
        }
        return out;
    }
}
