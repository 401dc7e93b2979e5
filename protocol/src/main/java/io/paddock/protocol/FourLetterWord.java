package io.paddock.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A four-letter word: instead of a length prefix, an admin tool sends four ASCII letters ("ruok") as
 * the very first bytes of a connection. Read as a big-endian int they would be a length, which is how
 * ZooKeeper tells them from a connect request.
 */
public record FourLetterWord(String word) {

    /** The words ZooKeeper 3.9 knows on the client port. */
    public static final Set<String> KNOWN = Set.of("ruok", "srvr", "stat", "conf", "cons", "crst", "dump", "envi",
            "mntr", "srst", "wchs", "wchc", "wchp", "isro", "dirs", "hash", "gtmk", "stmk");

    /** The word whose bytes form this length prefix, or null. */
    public static FourLetterWord fromLength(int length) {
        byte[] b = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        String word = new String(b, StandardCharsets.US_ASCII);
        return KNOWN.contains(word) ? new FourLetterWord(word) : null;
    }
}
