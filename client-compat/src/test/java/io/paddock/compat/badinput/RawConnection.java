package io.paddock.compat.badinput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

/**
 * One client connection spoken byte by byte, with ZooKeeper's own jute records where the bytes are meant to be
 * well formed: it can send what no stock client would (garbage, absurd lengths, truncated frames, unknown
 * opcodes) and observe exactly how the server answers, including whether and when it closes the connection.
 */
final class RawConnection implements AutoCloseable {
    /** Generous: the CI machine has two cores and the server may be busy with an abusive client next door. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final int SESSION_TIMEOUT_MS = 30_000;
    private static final int FRAME_BYTES_MAX = 16 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    static RawConnection open(InetSocketAddress server) {
        return open(server, null);
    }

    /** Opens a TCP connection from {@code localAddress} (any 127.x.y.z works on loopback), nothing sent yet. */
    static RawConnection open(InetSocketAddress server, InetAddress localAddress) {
        try {
            Socket socket = new Socket();
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(server, (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    /** Opens a connection and establishes a new session on it. */
    static RawConnection openSession(InetSocketAddress server) throws IOException {
        RawConnection c = open(server);
        ConnectResponse r = c.connect(newSession(0));
        if (r.getSessionId() == 0) {
            c.close();
            throw new IOException("the server refused a new session");
        }
        return c;
    }

    static ConnectRequest newSession(long lastZxidSeen) {
        return new ConnectRequest(0, lastZxidSeen, SESSION_TIMEOUT_MS, 0, new byte[16], false);
    }

    /** Sends a connect request and reads the response. */
    ConnectResponse connect(ConnectRequest request) throws IOException {
        writeFrame(request);
        ConnectResponse response = new ConnectResponse();
        response.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(readFrame())), "connect");
        return response;
    }

    /** Writes raw bytes. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes raw bytes, ignoring the failure of a server that already closed: abuse need not arrive whole. */
    void writeIgnoringClose(byte[] bytes) {
        try {
            write(bytes);
        } catch (IOException e) {
            // Broken pipe or reset: the server closed first, which is what the caller checks next.
        }
    }

    /** A frame as the client sends it: the length of the records, then the records. */
    void writeFrame(Record... records) throws IOException {
        write(frame(records));
    }

    void send(int xid, int type, Record body) throws IOException {
        writeFrame(body == null ? new Record[] {new RequestHeader(xid, type)}
                : new Record[] {new RequestHeader(xid, type), body});
    }

    /** Reads the next reply, skipping watch events (-1) and pings (-2); fills {@code body} when err is 0. */
    ReplyHeader readReply(Record body) throws IOException {
        while (true) {
            BinaryInputArchive archive = BinaryInputArchive.getArchive(new ByteArrayInputStream(readFrame()));
            ReplyHeader header = new ReplyHeader();
            header.deserialize(archive, "header");
            if (header.getXid() == -1 || header.getXid() == -2) {
                continue;
            }
            if (header.getErr() == 0 && body != null) {
                body.deserialize(archive, "response");
            }
            return header;
        }
    }

    /** Sends a request and reads its reply. */
    ReplyHeader call(int xid, int type, Record request, Record response) throws IOException {
        send(xid, type, request);
        return readReply(response);
    }

    byte[] readFrame() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > FRAME_BYTES_MAX) {
            throw new IOException("the server sent a frame length of " + length);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /**
     * Reads until the server closes the connection and returns how many bytes came before the close. Fails if the
     * server keeps it open for {@link #READ_TIMEOUT}: "closed" must mean closed, not merely quiet.
     */
    long bytesUntilClosed() {
        InputStream raw = in;
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        long deadlineNs = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (true) {
            int n;
            try {
                n = raw.read(sink);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the connection open for " + READ_TIMEOUT
                        + " after " + total + " bytes");
            } catch (IOException e) {
                // A reset is a close too: the server closed with our unread bytes in its receive buffer.
                return total;
            }
            if (n < 0) {
                return total;
            }
            total += n;
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("the server still sends after " + READ_TIMEOUT + " (" + total + " bytes)");
            }
        }
    }

    /** The server closed the connection without sending a single byte. */
    void assertClosedWithoutReply() {
        long bytes = bytesUntilClosed();
        if (bytes != 0) {
            throw new AssertionError("the server sent " + bytes + " bytes before closing");
        }
    }

    /** Stops sending: the server sees end of stream while we can still read what it answers. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort in cleanup.
        }
    }

    static byte[] frame(Record... records) {
        byte[] body = serialize(records);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + body.length);
        try {
            new DataOutputStream(bytes).writeInt(body.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    static byte[] serialize(Record... records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
            for (Record r : records) {
                r.serialize(archive, "r");
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] lengthPrefix(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
