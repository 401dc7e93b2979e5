package io.paddock.bench.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/** Sends a four-letter word (srvr, ruok, mntr, ...) to a client port and reads the whole answer. */
public final class FourLetterWord {
    /** The longest answer we read; mntr and srvr are a few KiB. */
    static final int ANSWER_BYTES_MAX = 1 << 20;

    private FourLetterWord() {
    }

    public static String send(String host, int port, String word, int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            answer.write(buffer, 0, n);
            if (answer.size() > ANSWER_BYTES_MAX) {
                throw new IOException("four-letter answer longer than " + ANSWER_BYTES_MAX + " bytes");
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** True when a srvr answer says the server serves requests (it has a Mode line). */
    public static boolean serving(String srvrAnswer) {
        return srvrAnswer.lines().anyMatch(line -> line.startsWith("Mode:"));
    }

    /** The "Node count:" of a srvr answer. */
    public static OptionalLong nodeCount(String srvrAnswer) {
        return field(srvrAnswer, "Node count:").map(String::trim).map(Long::parseLong)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    static Optional<String> field(String answer, String label) {
        return answer.lines().filter(line -> line.startsWith(label))
                .map(line -> line.substring(label.length())).findFirst();
    }
}
