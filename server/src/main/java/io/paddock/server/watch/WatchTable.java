package io.paddock.server.watch;

import io.paddock.protocol.Acl;
import io.paddock.protocol.EventType;
import io.paddock.protocol.KeeperState;
import io.paddock.protocol.WatchEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The watches set through this server, by connection. Like ZooKeeper it keeps data watches (getData,
 * exists, persistent, persistent-recursive) apart from child watches (getChildren, persistent) and turns
 * each applied change into the events ZooKeeper would send. Watches are local to a server: a client that
 * moves re-registers them with setWatches.
 */
public final class WatchTable {
    private final WatchSet data = new WatchSet();
    private final WatchSet child = new WatchSet();

    public void addData(String path, long watcher) {
        data.add(path, watcher, WatchMode.STANDARD);
    }

    public void addChild(String path, long watcher) {
        child.add(path, watcher, WatchMode.STANDARD);
    }

    /** addWatch: persistent watches are data and child watches; recursive ones are data watches only. */
    public void addPersistent(String path, long watcher, boolean recursive) {
        if (recursive) {
            data.add(path, watcher, WatchMode.PERSISTENT_RECURSIVE);
        } else {
            data.add(path, watcher, WatchMode.PERSISTENT);
            child.add(path, watcher, WatchMode.PERSISTENT);
        }
    }

    public void onCreate(String path, String parent, long zxid, List<Acl> acl, List<Acl> parentAcl,
                         List<Notification> out) {
        emit(data.trigger(path), EventType.NODE_CREATED, path, acl, List.of(), out);
        emit(child.trigger(parent), EventType.NODE_CHILDREN_CHANGED, parent, parentAcl, List.of(), out);
    }

    public void onDelete(String path, String parent, List<Acl> acl, List<Acl> parentAcl, List<Notification> out) {
        List<Long> dataWatchers = data.trigger(path);
        emit(dataWatchers, EventType.NODE_DELETED, path, acl, List.of(), out);
        emit(child.trigger(path), EventType.NODE_DELETED, path, acl, dataWatchers, out);
        emit(child.trigger(parent), EventType.NODE_CHILDREN_CHANGED, parent, parentAcl, List.of(), out);
    }

    public void onSetData(String path, List<Acl> acl, List<Notification> out) {
        emit(data.trigger(path), EventType.NODE_DATA_CHANGED, path, acl, List.of(), out);
    }

    /** One event per distinct watcher, except those in suppress (already told by an earlier event). */
    private static void emit(List<Long> watchers, EventType type, String path, List<Acl> acl, List<Long> suppress,
                             List<Notification> out) {
        if (watchers.isEmpty()) {
            return; // most changes: no event and no sets to build
        }
        WatchEvent event = new WatchEvent(type, KeeperState.SYNC_CONNECTED, path);
        Set<Long> seen = new HashSet<>(suppress);
        for (long watcher : watchers) {
            if (seen.add(watcher)) {
                out.add(new Notification(watcher, event, acl));
            }
        }
    }

    /** checkWatches: WatcherType 1 children, 2 data, 3 any, 4 persistent, 5 persistent recursive. */
    public boolean contains(String path, int watcherType, long watcher) {
        return switch (watcherType) {
            case 1 -> child.contains(path, watcher, WatchMode.STANDARD);
            case 2 -> data.contains(path, watcher, WatchMode.STANDARD);
            case 3 -> child.contains(path, watcher, null) || data.contains(path, watcher, null);
            case 4 -> data.contains(path, watcher, WatchMode.PERSISTENT);
            case 5 -> data.contains(path, watcher, WatchMode.PERSISTENT_RECURSIVE);
            default -> false;
        };
    }

    /** removeWatches with the same types as {@link #contains}; true when something was removed. */
    public boolean remove(String path, int watcherType, long watcher) {
        return switch (watcherType) {
            case 1 -> child.remove(path, watcher, WatchMode.STANDARD);
            case 2 -> data.remove(path, watcher, WatchMode.STANDARD);
            case 3 -> child.remove(path, watcher, null) | data.remove(path, watcher, null);
            case 4 -> child.remove(path, watcher, WatchMode.PERSISTENT)
                    | data.remove(path, watcher, WatchMode.PERSISTENT);
            case 5 -> data.remove(path, watcher, WatchMode.PERSISTENT_RECURSIVE);
            default -> false;
        };
    }

    public void removeWatcher(long watcher) {
        data.removeWatcher(watcher);
        child.removeWatcher(watcher);
    }

    public int watchCount() {
        return data.size() + child.size();
    }

    public int watchedPathCount() {
        return data.pathCount() + child.pathCount();
    }

    public int watcherCount() {
        Set<Long> all = new HashSet<>(data.pathsByWatcher().keySet());
        all.addAll(child.pathsByWatcher().keySet());
        return all.size();
    }

    public Map<Long, List<String>> dataPathsByWatcher() {
        return data.pathsByWatcher();
    }

    public Map<Long, List<String>> childPathsByWatcher() {
        return child.pathsByWatcher();
    }

    public Map<String, List<Long>> dataWatchersByPath() {
        return data.watchersByPath();
    }

    public Map<String, List<Long>> childWatchersByPath() {
        return child.watchersByPath();
    }
}
