package io.paddock.protocol;

/** The answer to a connect request; timeOut 0 and sessionId 0 tell the client its session is gone. */
public record ConnectResponse(int protocolVersion, int timeOutMs, long sessionId, byte[] passwd,
                              boolean readOnly, boolean withReadOnlyFlag) {
}
