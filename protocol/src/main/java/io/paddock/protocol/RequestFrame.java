package io.paddock.protocol;

/** One request as framed on the wire: the header's xid and type, and the decoded body. */
public record RequestFrame(int xid, int type, Request request) {
}
