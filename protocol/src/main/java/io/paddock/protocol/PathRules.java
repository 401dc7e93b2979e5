package io.paddock.protocol;

/**
 * ZooKeeper's rules for znode paths ({@code PathUtils.validatePath}): absolute, no empty segment, no
 * trailing slash, no "." or ".." segment, no control, surrogate or private-use characters.
 */
public final class PathRules {

    private PathRules() {
    }

    /** Null when the path is valid, else the reason it is not. */
    public static String problem(String path) {
        if (path == null) {
            return "Path cannot be null";
        }
        if (path.isEmpty()) {
            return "Path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "Path must start with / character";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "Path must not end with / character";
        }
        char last = '/';
        for (int i = 1; i < path.length(); last = path.charAt(i), i++) {
            char c = path.charAt(i);
            boolean segmentEnds = i + 1 == path.length() || path.charAt(i + 1) == '/';
            if (c == 0) {
                return "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                return "empty node name specified @" + i;
            } else if (c == '.' && last == '.') {
                if (path.charAt(i - 2) == '/' && segmentEnds) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (last == '/' && segmentEnds) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c > '\u0000' && c <= '\u001f'
                    || c >= '\u007f' && c <= '\u009F'
                    || c >= '\ud800' && c <= '\uf8ff'
                    || c >= '\ufff0') {
                return "invalid character @" + i;
            }
        }
        return null;
    }

    public static boolean isValid(String path) {
        return problem(path) == null;
    }

    /** The parent of a valid non-root path; "/" for a top-level node. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** The last segment of a valid non-root path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
