package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PathRules} must accept exactly the paths ZooKeeper 3.9.5's {@code PathUtils.validatePath} accepts, and
 * give the same reason for the rest: a client's request is refused (BadArguments) on the same paths. The
 * examples name each rule; {@link PathRulesVersusZooKeeperTest} compares with the real thing on random strings.
 */
class PathRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b", "/a/.b", "/a/..b", "/a/b.", "/a/b..", "/a/...", "/.a", "/..a",
            "/a.b/c", "/zookeeper", "/zookeeper/quota", "/ä/中文/€", "/a b", "/-_:@", "/\u00a0", "/\uf900",
            "/\uffef", "/a/\ud7ff"})
    void valid(String path) {
        assertNull(PathRules.problem(path), path);
        assertTrue(PathRules.isValid(path));
        assertNull(zooKeeperProblem(path));
    }

    @Test
    void nullAndEmpty() {
        assertRefused("Path cannot be null", null);
        assertRefused("Path length must be > 0", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", ".", " /a", "\u0000/"})
    void relativePathsAreRefused(String path) {
        assertRefused("Path must start with / character", path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/", "//", "/a/b/", "/./", "/../"})
    void aTrailingSlashIsRefused(String path) {
        assertRefused("Path must not end with / character", path);
    }

    @Test
    void emptySegments() {
        assertRefused("empty node name specified @1", "//a");
        assertRefused("empty node name specified @3", "/a//b");
    }

    @Test
    void dotSegments() {
        assertRefused("relative paths not allowed @1", "/.");
        assertRefused("relative paths not allowed @2", "/..");
        assertRefused("relative paths not allowed @3", "/a/.");
        assertRefused("relative paths not allowed @4", "/a/..");
        assertRefused("relative paths not allowed @1", "/./a");
        assertRefused("relative paths not allowed @2", "/../a");
        assertRefused("relative paths not allowed @5", "/a/b/./c");
    }

    @Test
    void theNullCharacter() {
        assertRefused("Path must start with / character", "\u0000");
        assertRefused("null character not allowed @2", "/a\u0000");
        assertRefused("null character not allowed @1", "/\u0000b");
    }

    @Test
    void invalidCharacters() {
        for (char c : new char[] {'\u0001', '\t', '\n', '\u001f', '\u007f', '\u0080', '\u009f', '\ud800', '\udbff',
                '\udc00', '\udfff', '\ue000', '\uf8ff', '\ufff0', '\ufffe', '\uffff'}) {
            String path = "/a" + c + "b";
            assertRefused("invalid character @2", path);
        }
        assertRefused("invalid character @1", "/\ud800");
        assertRefused("invalid character @1", "/\uffff");
        assertRefused("invalid character @1", "/\u0001");
    }

    @Test
    void aSurrogatePairIsRefusedAtItsFirstHalf() {
        String emoji = new String(Character.toChars(0x1F600));

        assertRefused("invalid character @1", "/" + emoji);
    }

    @Test
    void theFirstProblemIsTheOneReported() {
        assertRefused("empty node name specified @3", "/a//\u0001/.");
        assertRefused("invalid character @2", "/a\u0001//b");
    }

    @Test
    void parentAndName() {
        assertEquals("/", PathRules.parent("/a"));
        assertEquals("/a", PathRules.parent("/a/b"));
        assertEquals("/a/b", PathRules.parent("/a/b/c"));
        assertEquals("a", PathRules.name("/a"));
        assertEquals("c", PathRules.name("/a/b/c"));
    }

    /** Ours and ZooKeeper's reason are the same (its character-loop reasons come wrapped in a sentence). */
    private static void assertRefused(String reason, String path) {
        assertEquals(reason, PathRules.problem(path), path);
        assertFalse(PathRules.isValid(path));
        String theirs = zooKeeperProblem(path);
        assertTrue(reason.equals(theirs) || ("Invalid path string \"" + path + "\" caused by " + reason).equals(theirs),
                () -> "ZooKeeper says " + theirs);
    }

    private static String zooKeeperProblem(String path) {
        try {
            PathUtils.validatePath(path);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
