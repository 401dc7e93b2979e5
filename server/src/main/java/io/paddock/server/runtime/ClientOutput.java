package io.paddock.server.runtime;

/** Where the loop's bytes for clients go: the client port's connections, by id. */
public interface ClientOutput {

    /** Queues a frame; it leaves after every frame queued before it for the same connection. */
    void send(long connectionId, byte[] frame);

    /** Closes after the frames already queued are flushed. */
    void close(long connectionId, String reason);

    /** Flushes every connection written to since the last flush. */
    void flush();
}
