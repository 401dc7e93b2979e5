package io.paddock.server.sm;

/** An identity a connection has proven (scheme "ip", "digest" or "super"). */
public record AuthId(String scheme, String id) {
    public static final AuthId SUPER = new AuthId("super", "");
}
