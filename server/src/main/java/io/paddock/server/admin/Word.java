package io.paddock.server.admin;

import java.util.Locale;
import java.util.Optional;

/** The four-letter words ZooKeeper 3.9 knows on the client port ({@code FourLetterCommands}). */
enum Word {
    RUOK, SRVR, STAT, CONF, CONS, CRST, DUMP, ENVI, MNTR, SRST, WCHS, WCHC, WCHP, ISRO, DIRS, HASH, GTMK, STMK;

    /** The word as it appears on the wire and in {@code 4lw.commands.whitelist}. */
    final String text = name().toLowerCase(Locale.ROOT);

    static Optional<Word> of(String text) {
        for (Word word : values()) {
            if (word.text.equals(text)) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }
}
