package io.paddock.server.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches of one kind (data or child) by path and by watcher, each pair with the set of modes it holds.
 * Watchers are connection ids; firing order is ascending id so that outputs are deterministic.
 */
final class WatchSet {
    private final Map<String, TreeMap<Long, Integer>> byPath = new HashMap<>();
    private final Map<Long, Map<String, Integer>> byWatcher = new HashMap<>();
    private int recursiveCount;

    boolean add(String path, long watcher, WatchMode mode) {
        TreeMap<Long, Integer> watchers = byPath.computeIfAbsent(path, p -> new TreeMap<>());
        int old = watchers.getOrDefault(watcher, 0);
        int now = old | mode.bit;
        if (now == old) {
            return false;
        }
        watchers.put(watcher, now);
        byWatcher.computeIfAbsent(watcher, w -> new HashMap<>()).put(path, now);
        if (mode == WatchMode.PERSISTENT_RECURSIVE) {
            recursiveCount++;
        }
        return true;
    }

    /**
     * The watchers a change at path notifies: every watcher of path itself (its one-shot mode spent), and
     * recursive watchers of each ancestor.
     */
    List<Long> trigger(String path) {
        List<Long> fired = new ArrayList<>();
        String current = path;
        boolean atPath = true;
        while (current != null) {
            TreeMap<Long, Integer> watchers = byPath.get(current);
            if (watchers != null) {
                fireAt(current, watchers, atPath, fired);
            }
            if (recursiveCount == 0) {
                break;
            }
            current = parentOf(current);
            atPath = false;
        }
        return fired;
    }

    private void fireAt(String path, TreeMap<Long, Integer> watchers, boolean atPath, List<Long> fired) {
        List<Long> spent = new ArrayList<>();
        for (Map.Entry<Long, Integer> e : watchers.entrySet()) {
            int modes = e.getValue();
            if (atPath) {
                fired.add(e.getKey());
                if ((modes & WatchMode.STANDARD.bit) != 0) {
                    spent.add(e.getKey());
                }
            } else if ((modes & WatchMode.PERSISTENT_RECURSIVE.bit) != 0) {
                fired.add(e.getKey());
            }
        }
        for (long watcher : spent) {
            remove(path, watcher, WatchMode.STANDARD);
        }
    }

    private static String parentOf(String path) {
        if ("/".equals(path)) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** Whether watcher watches path, in the given mode or (mode null) in any. */
    boolean contains(String path, long watcher, WatchMode mode) {
        Map<String, Integer> paths = byWatcher.get(watcher);
        Integer modes = paths == null ? null : paths.get(path);
        return modes != null && (mode == null || (modes & mode.bit) != 0);
    }

    /** Removes one mode (or all, mode null); true when something was removed. */
    boolean remove(String path, long watcher, WatchMode mode) {
        TreeMap<Long, Integer> watchers = byPath.get(path);
        Integer old = watchers == null ? null : watchers.get(watcher);
        if (old == null) {
            return false;
        }
        int now = mode == null ? 0 : old & ~mode.bit;
        if (now == old) {
            return false;
        }
        if ((old & WatchMode.PERSISTENT_RECURSIVE.bit) != 0 && (now & WatchMode.PERSISTENT_RECURSIVE.bit) == 0) {
            recursiveCount--;
        }
        Map<String, Integer> paths = byWatcher.get(watcher);
        if (now == 0) {
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
            paths.remove(path);
            if (paths.isEmpty()) {
                byWatcher.remove(watcher);
            }
        } else {
            watchers.put(watcher, now);
            paths.put(path, now);
        }
        return true;
    }

    void removeWatcher(long watcher) {
        Map<String, Integer> paths = byWatcher.remove(watcher);
        if (paths == null) {
            return;
        }
        for (Map.Entry<String, Integer> e : paths.entrySet()) {
            TreeMap<Long, Integer> watchers = byPath.get(e.getKey());
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                byPath.remove(e.getKey());
            }
            if ((e.getValue() & WatchMode.PERSISTENT_RECURSIVE.bit) != 0) {
                recursiveCount--;
            }
        }
    }

    int size() {
        int n = 0;
        for (Map<String, Integer> paths : byWatcher.values()) {
            n += paths.size();
        }
        return n;
    }

    int pathCount() {
        return byPath.size();
    }

    int watcherCount() {
        return byWatcher.size();
    }

    /** Paths by watcher, for wchc. */
    Map<Long, List<String>> pathsByWatcher() {
        Map<Long, List<String>> out = new TreeMap<>();
        byWatcher.forEach((w, paths) -> out.put(w, paths.keySet().stream().sorted().toList()));
        return out;
    }

    /** Watchers by path, for wchp. */
    Map<String, List<Long>> watchersByPath() {
        Map<String, List<Long>> out = new TreeMap<>();
        byPath.forEach((p, watchers) -> out.put(p, List.copyOf(watchers.keySet())));
        return out;
    }
}
