package io.paddock.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * Live sessions and their expiry. Expiry times are rounded up to the next multiple of the tick, as
 * ZooKeeper's ExpiryQueue does, so that a tick expires a whole bucket at once. The current time is
 * always an argument: the table never reads a clock.
 */
public final class SessionTable {
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private final int tickMs;
    /** Sessions added or removed since the snapshot was last brought up to date. */
    private final java.util.Set<Long> dirty = new java.util.HashSet<>();

    public SessionTable(int tickMs) {
        this.tickMs = tickMs;
    }

    public Session add(long id, int timeoutMs, long nowMs) {
        Session session = new Session(id, timeoutMs, SessionPasswords.derive(id));
        sessions.put(id, session);
        dirty.add(id);
        touch(session, nowMs);
        return session;
    }

    public Session get(long id) {
        return sessions.get(id);
    }

    public void remove(long id) {
        sessions.remove(id);
        dirty.add(id);
    }

    /** Ids changed since the last call, ascending; the set starts afresh. */
    public List<Long> drainDirty() {
        List<Long> ids = new ArrayList<>(dirty);
        dirty.clear();
        Collections.sort(ids);
        return ids;
    }

    public int size() {
        return sessions.size();
    }

    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    /** The client showed it is alive: push expiry out by its timeout. */
    public void touch(Session session, long nowMs) {
        long due = nowMs + session.timeoutMs;
        session.expiresAtMs = (due / tickMs + 1) * tickMs;
    }

    public void markClosing(Session session) {
        session.closing = true;
    }

    public void unmarkClosing(Session session) {
        session.closing = false;
    }

    /** Sessions due at nowMs and not already closing, in id order, at most max of them. */
    public List<Session> due(long nowMs, int max) {
        List<Session> due = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (!s.closing && s.expiresAtMs <= nowMs) {
                due.add(s);
                if (due.size() == max) {
                    break;
                }
            }
        }
        return due;
    }
}
