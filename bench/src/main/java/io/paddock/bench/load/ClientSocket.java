package io.paddock.bench.load;

import java.util.Arrays;
import java.util.Locale;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The socket implementation of the stock client (its {@code zookeeper.clientCnxnSocket} setting).
 *
 * <p>Netty is the default because the bench shares the machine with the server under test. The NIO socket
 * writes one request per select() and reads each reply with two read() calls; at rw-0 on 2 cores it took
 * about 60% of the machine (most of it system time) and capped both servers. The Netty socket writes
 * everything queued with one flush and reads many replies per read().
 */
public enum ClientSocket {
    NETTY("netty", "org.apache.zookeeper.ClientCnxnSocketNetty"),
    NIO("nio", "org.apache.zookeeper.ClientCnxnSocketNIO");

    private final String key;
    private final String className;

    ClientSocket(String key, String className) {
        this.key = key;
        this.className = className;
    }

    public String key() {
        return key;
    }

    /** A fresh config per client: ZKClientConfig is mutable. */
    public ZKClientConfig config() {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, className);
        return config;
    }

    public static ClientSocket of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--client-socket takes netty or nio, got " + key));
    }
}
