package io.paddock.bench.load;

import java.util.Locale;

/** What one measured request was; the report breaks latency down by it. */
public enum OpKind {
    READ, WRITE, CREATE, DELETE, MULTI, CONNECT, NOTIFY;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
