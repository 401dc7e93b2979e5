package io.paddock.server.tree;

import java.nio.charset.StandardCharsets;

/**
 * A znode's name (its last path segment) as the tree stores it: UTF-8 bytes, about half of what a String
 * costs. Valid paths hold no surrogates, so every name decodes back to exactly the String it came from.
 * Names are compared and hashed against a segment of a path String in place, without building a
 * substring: the ASCII names that almost every tree holds never allocate on lookup.
 */
final class NodeName {
    static final byte[] ROOT = new byte[0];

    private NodeName() {
    }

    /** The name of path[from, to). */
    static byte[] of(String path, int from, int to) {
        // ASCII is its own UTF-8: copied straight, without the substring and encoder's buffers.
        byte[] name = new byte[to - from];
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c >= 0x80) {
                return path.substring(from, to).getBytes(StandardCharsets.UTF_8);
            }
            name[i - from] = (byte) c;
        }
        return name;
    }

    static String toString(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** The hash of path[from, to): String's polynomial over the chars, spread for power-of-two tables. */
    static int hash(String path, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + path.charAt(i);
        }
        return spread(h);
    }

    /** The same hash as {@link #hash(String, int, int)} gives the segment this name came from. */
    static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            if (b < 0) {
                String decoded = toString(name);
                return hash(decoded, 0, decoded.length());
            }
            h = 31 * h + b;
        }
        return spread(h);
    }

    /** Whether name is path[from, to). */
    static boolean matches(byte[] name, String path, int from, int to) {
        int length = to - from;
        // UTF-8 takes at least one byte per char; ASCII exactly one.
        if (name.length < length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            byte b = name[i];
            if (b < 0) {
                String decoded = toString(name);
                return decoded.length() == length && decoded.regionMatches(0, path, from, length);
            }
            if (i >= length || path.charAt(from + i) != b) {
                return false;
            }
        }
        return true;
    }

    /** Murmur3's finalizer: names like n0..n999 differ in few bits, and tables index by the low bits. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
