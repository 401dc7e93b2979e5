package io.paddock.protocol;

/**
 * The first frame of a connection. {@code hasReadOnlyFlag} records whether the client sent the trailing
 * readOnly byte; ZooKeeper answers such clients with the byte too, and older ones without it.
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOutMs, long sessionId,
                             byte[] passwd, boolean readOnly, boolean hasReadOnlyFlag) {
}
