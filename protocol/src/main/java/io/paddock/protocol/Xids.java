package io.paddock.protocol;

/** Reserved xids of {@code ClientCnxn}: replies to these are not matched against pending requests. */
public final class Xids {
    public static final int NOTIFICATION = -1;
    public static final int PING = -2;
    public static final int AUTH = -4;
    public static final int SET_WATCHES = -8;

    private Xids() {
    }
}
