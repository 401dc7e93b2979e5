package io.paddock.compat.diff;

import io.paddock.compat.diff.Specs.PathSpec;
import io.paddock.compat.diff.Specs.VersionSpec;
import io.paddock.compat.diff.Specs.WatcherSel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.data.Stat;

/**
 * Runs one sequence against one server and writes down what was observed. Three client sessions issue the ops one
 * at a time, each synchronously, so the interleaving is the sequence's order. After every step each live client
 * passes a barrier (an async sync, then an async exists, waiting for the exists callback): callbacks and watch
 * events share the client's event thread, and a server sends a session's notifications before the responses to
 * its later requests, so every event the step caused has been delivered when the barrier returns. Owned by one
 * thread.
 */
final class SideRun {

    static final int CLIENTS = 3;
    static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long WAIT_MS = 15_000;
    private static final Pattern ZXID = Pattern.compile("⟦z:(\\d+)⟧");

    private final DiffServer server;
    private final Transcript transcript = new Transcript();
    private final Slot[] slots = new Slot[CLIENTS];
    private String lastCreated;

    SideRun(DiffServer server) {
        this.server = server;
    }

    Transcript transcript() {
        return transcript;
    }

    /** Opens the client sessions; the first block of the transcript is their connection events. */
    void open() throws IOException, InterruptedException {
        for (int i = 0; i < CLIENTS; i++) {
            slots[i] = new Slot(i);
            slots[i].connect();
        }
        transcript.add("connect " + CLIENTS + " clients", barrierAndEvents());
    }

    void step(Step step) throws InterruptedException {
        long startNs = System.nanoTime();
        String outcome = outcome(step);
        long opNs = System.nanoTime();
        List<String> lines = new ArrayList<>();
        lines.add(outcome);
        List<String> events = barrierAndEvents();
        if (step.op() instanceof SessionOps.CloseSession) {
            sortWithinWatchers(events);
        }
        lines.addAll(events);
        transcript.add(step.toString(), lines);
        if (DiffConfig.verbose()) {
            System.out.printf("%s: %s op %d ms, barrier %d ms%n", server.name(), step,
                    (opNs - startNs) / 1_000_000, (System.nanoTime() - opNs) / 1_000_000);
        }
    }

    /** The op's rendered result, or what it threw: a server error, a client-side rejection, a client failure. */
    private String outcome(Step step) throws InterruptedException {
        Slot slot = slots[step.client()];
        try {
            String outcome = step.op().run(this, slot);
            return outcome + replyZxidCheck(slot, outcome);
        } catch (InterruptedException e) {
            throw e;
        } catch (KeeperException | IllegalArgumentException e) {
            return Render.thrown(e);
        } catch (RuntimeException e) {
            // Not a client-side rejection: a harness bug or a client crash; the top frames help find it.
            List<StackTraceElement> at = List.of(e.getStackTrace());
            return Render.thrown(e) + " at " + at.subList(0, Math.min(6, at.size()));
        } catch (Exception e) {
            return "threw " + Render.thrown(e);
        }
    }

    /**
     * Ends the run: the tree as the sessions leave it, every session closed (in client order, each close's
     * events seen by the clients still open), and the tree again.
     */
    void finish() throws InterruptedException {
        transcript.add("final tree", server.dump());
        List<String> lines = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot != null && slot.zk != null) {
                lines.add("close c" + slot.index + " (s#" + slot.sessionLabel + ")");
                slot.close();
                List<String> events = new ArrayList<>(slot.carried);
                slot.carried.clear();
                events.addAll(barrierAndEvents());
                sortWithinWatchers(events);
                lines.addAll(events);
            }
        }
        transcript.add("close all sessions", lines);
        transcript.add("tree after close", server.dump());
    }

    /** Closes whatever is still open; safe after a failure. */
    void abandon() {
        for (Slot slot : slots) {
            if (slot != null && slot.zk != null) {
                try {
                    slot.zk.close(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slot.zk = null;
            }
        }
    }

    String path(PathSpec spec) {
        if (!spec.isLastCreated()) {
            return spec.fixed();
        }
        return lastCreated == null ? "/none-created" : lastCreated;
    }

    void created(String path) {
        if (path != null) {
            lastCreated = path;
        }
    }

    /** Resolves CURRENT-relative versions from a stat read by the (super) admin session, outside the transcript. */
    int version(String path, VersionSpec spec, boolean aclVersion) throws InterruptedException {
        if (!spec.needsStat()) {
            return spec.literal;
        }
        Stat stat = server.statQuietly(path);
        int current = stat == null ? 0 : aclVersion ? stat.getAversion() : stat.getVersion();
        return spec.resolve(current);
    }

    /** Closes the slot's session and opens a new one in its place; events of the old one stay with the step. */
    void reopen(Slot slot) throws IOException, InterruptedException {
        barrier(slot);
        slot.close();
        slot.connect();
    }

    /** A client must never have seen a reply zxid older than a zxid the same reply showed it. */
    private static String replyZxidCheck(Slot slot, String outcome) {
        long reply = slot.zk.lastZxid();
        long max = 0;
        Matcher m = ZXID.matcher(outcome);
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
        }
        return max > reply ? "  !! reply zxid " + Render.zxid(reply) + " < observed zxid " + Render.zxid(max) : "";
    }

    /**
     * Closing a session deletes its ephemerals in an order ZooKeeper takes from a hash set, so the events of one
     * close are compared as a set per watcher. (Each line starts with its watcher, so sorting the lines keeps
     * every watcher's events together.)
     */
    private static void sortWithinWatchers(List<String> events) {
        events.sort(null);
    }

    private List<String> barrierAndEvents() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot != null && slot.zk != null) {
                if (!barrier(slot)) {
                    lines.add("c" + slot.index + " barrier timed out");
                }
            }
        }
        for (Slot slot : slots) {
            if (slot != null) {
                lines.addAll(slot.carried);
                slot.carried.clear();
                if (slot.zk != null) {
                    slot.drainInto(lines);
                }
            }
        }
        return lines;
    }

    private static boolean barrier(Slot slot) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        slot.zk.sync("/", (rc, path, ctx) -> { }, null);
        slot.zk.exists("/", false, (rc, path, ctx, stat) -> done.countDown(), null);
        return done.await(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** One client position: its current session and its two watchers, W0 (default) and W1. */
    final class Slot {
        final int index;
        RawZooKeeper zk;
        Recorder w0;
        Recorder w1;
        int sessionLabel;
        /** Events of a closed session, reported with the step that closed it. */
        final List<String> carried = new ArrayList<>();

        Slot(int index) {
            this.index = index;
        }

        RawZooKeeper zk() {
            return zk;
        }

        Watcher custom() {
            return w1;
        }

        Watcher watcher(WatcherSel sel) {
            return sel == WatcherSel.DEFAULT ? w0 : w1;
        }

        int sessionLabel() {
            return sessionLabel;
        }

        void connect() throws IOException, InterruptedException {
            w0 = new Recorder();
            w1 = new Recorder();
            zk = new RawZooKeeper(server.connectString(), SESSION_TIMEOUT_MS, w0);
            if (w0.awaitState(0, KeeperState.SyncConnected, WAIT_MS) < 0) {
                throw new IllegalStateException(server.name() + ": client " + index + " did not connect");
            }
            sessionLabel = transcript.addSession(zk.getSessionId());
        }

        /**
         * Closes the session and waits for the client's Closed event, which follows every earlier event.
         * Connection-state events from the close itself (Disconnected, depending on the client socket's timing,
         * and Closed) are the client's, not the server's, and are dropped.
         */
        void close() throws InterruptedException {
            int mark0 = w0.size();
            int mark1 = w1.size();
            zk.close();
            w0.awaitState(mark0, KeeperState.Closed, WAIT_MS);
            w0.dropStateEventsFrom(mark0);
            w1.dropStateEventsFrom(mark1);
            drainInto(carried);
            zk = null;
        }

        void drainInto(List<String> lines) {
            for (WatchedEvent e : w0.drain()) {
                lines.add("c" + index + ".W0 <- " + Render.event(e));
            }
            for (WatchedEvent e : w1.drain()) {
                lines.add("c" + index + ".W1 <- " + Render.event(e));
            }
        }

        /** After the socket was dropped: waits for Disconnected, then SyncConnected. */
        boolean awaitReconnect() throws InterruptedException {
            int disconnected = w0.awaitState(w0.size() - w0.pending(), KeeperState.Disconnected, WAIT_MS);
            return disconnected >= 0 && w0.awaitState(disconnected, KeeperState.SyncConnected, WAIT_MS) >= 0;
        }

        /** After a request the server may answer by closing the connection: waits briefly for that. */
        String awaitPossibleReconnect() throws InterruptedException {
            int mark = w0.size() - w0.pending();
            int disconnected = w0.awaitState(mark, KeeperState.Disconnected, 1500);
            if (disconnected < 0) {
                return "";
            }
            return w0.awaitState(disconnected, KeeperState.SyncConnected, WAIT_MS) >= 0
                    ? " (connection dropped, client reconnected)" : " (connection dropped, no reconnect)";
        }
    }

    /** Records the events one watcher receives, in order. Closed events are dropped: only the client makes them. */
    static final class Recorder implements Watcher {
        private final List<WatchedEvent> all = new ArrayList<>();
        private int drained;

        @Override
        public synchronized void process(WatchedEvent event) {
            all.add(event);
            notifyAll();
        }

        synchronized int size() {
            return all.size();
        }

        synchronized int pending() {
            return all.size() - drained;
        }

        synchronized void dropStateEventsFrom(int from) {
            for (int i = all.size() - 1; i >= Math.max(from, drained); i--) {
                if (all.get(i).getType() == EventType.None) {
                    all.remove(i);
                }
            }
        }

        synchronized List<WatchedEvent> drain() {
            List<WatchedEvent> out = new ArrayList<>();
            for (WatchedEvent e : all.subList(drained, all.size())) {
                if (!(e.getType() == EventType.None && e.getState() == KeeperState.Closed)) {
                    out.add(e);
                }
            }
            drained = all.size();
            return out;
        }

        /** The index of the first state event {@code state} at or after {@code from}, or -1 on timeout. */
        synchronized int awaitState(int from, KeeperState state, long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            int i = from;
            while (true) {
                for (; i < all.size(); i++) {
                    WatchedEvent e = all.get(i);
                    if (e.getType() == EventType.None && e.getState() == state) {
                        return i;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
