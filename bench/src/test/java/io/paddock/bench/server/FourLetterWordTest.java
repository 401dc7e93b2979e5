package io.paddock.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FourLetterWordTest {
    static final String SRVR = """
            Zookeeper version: 3.9.5-1, built on 2025-01-01
            Latency min/avg/max: 0/0.0/0
            Received: 1
            Sent: 0
            Connections: 1
            Outstanding: 0
            Zxid: 0x7d1
            Mode: standalone
            Node count: 2008
            """;

    @Test
    void readsModeAndNodeCount() {
        assertTrue(FourLetterWord.serving(SRVR));
        assertEquals(OptionalLong.of(2008), FourLetterWord.nodeCount(SRVR));
        assertFalse(FourLetterWord.serving("This ZooKeeper instance is not currently serving requests\n"));
        assertEquals(OptionalLong.empty(), FourLetterWord.nodeCount("imok"));
    }

    @Test
    void sendsTheWordAndReadsUntilTheServerCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket client = server.accept()) {
                    String word = new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
                    OutputStream out = client.getOutputStream();
                    out.write(SRVR.getBytes(StandardCharsets.UTF_8));
                    return word;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            String answer = FourLetterWord.send("127.0.0.1", server.getLocalPort(), "srvr", 5_000);
            assertEquals("srvr", received.get());
            assertEquals(SRVR, answer);
        }
    }

    @Test
    void liveHeapIsTheTotalLineOfTheHistogram() throws Exception {
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         12345        1234567  [B (java.base@17)
                   2:           100           2400  java.lang.String (java.base@17)
                Total         12445        1236967
                """;
        assertEquals(1236967, LiveHeap.totalBytes(histogram));
    }

    @Test
    void freePortIsBindable() throws Exception {
        int port = FreePorts.pick();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }
}
