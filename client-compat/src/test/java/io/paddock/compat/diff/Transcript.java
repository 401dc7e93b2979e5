package io.paddock.compat.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one side observed while running a sequence: one block per step (the op's outcome, then the watch events
 * each watcher received because of it), then blocks for the final state of the tree. Placeholders written by
 * {@link Render} are resolved by {@link #normalise}: a zxid becomes {@code zN}, its rank among all positive zxids
 * the run observed (so two servers whose zxids differ by an offset, or that spend zxids on different internal
 * txns, render alike while order and equality stay checked); a session id becomes {@code s#k}, the k-th session
 * the run opened, or stays hex when it is not one of them (TTL and container owners are encodings, not sessions).
 */
final class Transcript {

    private static final Pattern ZXID = Pattern.compile("⟦z:(\\d+)⟧");
    private static final Pattern SESSION = Pattern.compile("⟦s:([0-9a-f]+)⟧");

    /** One step's observations; {@code title} is the op as generated, {@code lines} what the side saw. */
    record Block(String title, List<String> lines) {
        Block {
            lines = List.copyOf(lines);
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private final List<Long> sessionIds = new ArrayList<>();

    void add(String title, List<String> lines) {
        blocks.add(new Block(title, lines));
    }

    /** Registers a session the run opened; its ephemeral owner renders as s#index. */
    int addSession(long sessionId) {
        sessionIds.add(sessionId);
        return sessionIds.size() - 1;
    }

    List<Block> normalise() {
        TreeSet<Long> zxids = new TreeSet<>();
        for (Block b : blocks) {
            for (String line : b.lines()) {
                Matcher m = ZXID.matcher(line);
                while (m.find()) {
                    zxids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        Map<Long, Integer> rank = new TreeMap<>();
        for (long z : zxids) {
            rank.put(z, rank.size() + 1);
        }
        List<Block> out = new ArrayList<>();
        for (Block b : blocks) {
            List<String> lines = new ArrayList<>();
            for (String line : b.lines()) {
                lines.add(replaceSessions(replaceZxids(line, rank)));
            }
            out.add(new Block(b.title(), lines));
        }
        return out;
    }

    private static String replaceZxids(String line, Map<Long, Integer> rank) {
        Matcher m = ZXID.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "z" + rank.get(Long.parseLong(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String replaceSessions(String line) {
        Matcher m = SESSION.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long id = Long.parseUnsignedLong(m.group(1), 16);
            int k = sessionIds.indexOf(id);
            m.appendReplacement(sb, k >= 0 ? "s#" + k : "0x" + m.group(1));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
