package io.paddock.compat.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP forwarder that can freeze: while frozen it accepts and reads but forwards nothing, in either
 * direction, and closes nothing — a network partition as a client sees it, where packets vanish and no
 * connection is refused or reset. A client then notices only by its own timeouts (Kazoo: no answer to a ping
 * within 2/3 of the session timeout), which is exactly the path a leader's SUSPENDED handling must take.
 * On {@link #thaw()} what was held back is delivered, as TCP would after a partition heals.
 */
final class FreezableProxy implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final int upstreamPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private final Object gate = new Object();
    private boolean frozen;
    private volatile boolean closed;

    FreezableProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("proxy-accept", this::acceptLoop);
    }

    String connectString() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        thaw();
        closeQuietly(listener);
        synchronized (sockets) {
            sockets.forEach(FreezableProxy::closeQuietly);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                daemon("proxy-up", () -> pump(client, server));
                daemon("proxy-down", () -> pump(server, client));
            } catch (IOException e) {
                if (!closed) {
                    LabProcess.sleepMs(10);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitThawed();
                out.write(buffer, 0, n);
                out.flush();
            }
            awaitThawed();
        } catch (IOException e) {
            // One side went away; close both below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitThawed() throws InterruptedException {
        synchronized (gate) {
            while (frozen && !closed) {
                gate.wait();
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }
}
