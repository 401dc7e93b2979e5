package io.paddock.server.tools.zk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A ZooKeeper data file that cannot be read as ZooKeeper would read it: a bad magic number, a checksum
 * mismatch, an impossible length. The message names the file and, where it helps, the byte offset.
 */
public final class ZkFormatException extends IOException {

    public ZkFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ZkFormatException(Path file, long offset, String problem) {
        super(file + " at offset " + offset + ": " + problem);
    }

    public ZkFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
