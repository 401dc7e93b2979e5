package io.paddock.server.base;

/**
 * A seeded SplitMix64 generator. The core draws session ids and passwords from it, so that a seeded
 * simulation reproduces them; the shell seeds it from a secure source in production.
 */
public final class Prng {
    private long state;

    public Prng(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
