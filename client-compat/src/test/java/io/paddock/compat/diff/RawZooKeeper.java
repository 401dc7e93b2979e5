package io.paddock.compat.diff;

import java.io.IOException;
import java.util.List;
import org.apache.jute.Record;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

/**
 * The stock Java client plus two things the differential test needs: sending a request record as is, which
 * skips the client's own path, ACL and TTL validation so that the server's validation is what gets compared;
 * and the lists of watches the client believes it holds, to replay them with SetWatches2 as a reconnect does.
 */
final class RawZooKeeper extends ZooKeeper {

    /** A request the server never answers fails with REQUESTTIMEOUT instead of hanging the test. */
    static final int REQUEST_TIMEOUT_MS = 20_000;

    RawZooKeeper(String connectString, int sessionTimeoutMs, Watcher watcher) throws IOException {
        super(connectString, sessionTimeoutMs, watcher, clientConfig());
    }

    private static ZKClientConfig clientConfig() {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, Integer.toString(REQUEST_TIMEOUT_MS));
        if (DiffConfig.nettyClient()) {
            // The NIO client sleeps 100 ms in every close; a run closes a dozen sessions.
            config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
        }
        return config;
    }

    /** Sends one request and waits for its reply; {@code response} may be null for header-only replies. */
    ReplyHeader submit(int opCode, Record request, Record response) throws InterruptedException {
        RequestHeader h = new RequestHeader();
        h.setType(opCode);
        return cnxn.submitRequest(h, request, response, null);
    }

    /** The zxid of the latest reply header this client has read. */
    long lastZxid() {
        return cnxn.getLastZxid();
    }

    List<String> dataWatchPaths() {
        return getDataWatches();
    }

    List<String> existWatchPaths() {
        return getExistWatches();
    }

    List<String> childWatchPaths() {
        return getChildWatches();
    }

    List<String> persistentWatchPaths() {
        return getPersistentWatches();
    }

    List<String> persistentRecursiveWatchPaths() {
        return getPersistentRecursiveWatches();
    }
}
