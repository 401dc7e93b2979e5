package io.paddock.server.session;

/** A session as the snapshot stores it; its password follows from the id. */
public record SessionRecord(long id, int timeoutMs) {
}
