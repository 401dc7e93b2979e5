package io.paddock.server.main;

import java.nio.file.Path;

/**
 * A zoo.cfg (or myid) that Paddock refuses to start with. The message is meant for an operator and is the
 * whole story: {@code <file>:<line>: <what is wrong>}, or {@code <file>: <what is wrong>} when no single line
 * is to blame. {@link ServerMain} prints it as is, without a stack trace.
 */
public final class ConfigException extends Exception {

    private ConfigException(String message) {
        super(message);
    }

    /** A problem with the value on {@code line} of {@code file} (1-based). */
    public static ConfigException at(Path file, int line, String what) {
        return new ConfigException(file + ":" + line + ": " + what);
    }

    /** A problem with the file as a whole, e.g. a required key that is missing. */
    public static ConfigException in(Path file, String what) {
        return new ConfigException(file + ": " + what);
    }
}
