package io.paddock.protocol;

/** A watch notification: sent with xid -1 and the zxid of the change that fired it. */
public record WatchEvent(EventType type, int state, String path) {
}
