package io.paddock.protocol;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.zookeeper.common.PathUtils;

/**
 * {@link PathRules#problem} against ZooKeeper 3.9.5's own {@code PathUtils.validatePath} on random strings:
 * the same verdict and, for refused paths, the same reason.
 */
class PathRulesVersusZooKeeperTest {

    @Property(tries = 20_000)
    void sameVerdictAndReasonAsZooKeeperOnPathLikeStrings(@ForAll("pathLike") String path) {
        assertSameAsZooKeeper(path);
    }

    @Property(tries = 5_000)
    void sameVerdictAndReasonAsZooKeeperOnAnyString(@ForAll("anyString") String path) {
        assertSameAsZooKeeper(path);
        assertSameAsZooKeeper("/" + path);
    }

    @Provide
    Arbitrary<String> pathLike() {
        // Few characters, chosen at every boundary of ZooKeeper's rules, so that short strings hit them all.
        Arbitrary<Character> interesting = Arbitraries.of('/', '/', '/', '.', '.', 'a', 'b', '\u0000', '\u0001',
                '\u001f', ' ', '\u007e', '\u007f', '\u009f', '\u00a0', '\ud7ff', '\ud800', '\udfff', '\uf8ff', '\uf900',
                '\uffef', '\ufff0', '\uffff');
        return interesting.list().ofMaxSize(8).map(PathRulesVersusZooKeeperTest::join);
    }

    @Provide
    Arbitrary<String> anyString() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    private static void assertSameAsZooKeeper(String path) {
        String ours = PathRules.problem(path);
        String theirs = zooKeeperProblem(path);
        if (theirs == null) {
            assertNull(ours, () -> "ZooKeeper accepts " + escape(path) + ", we say " + ours);
            return;
        }
        // validatePath wraps the reasons of its character loop in "Invalid path string ... caused by".
        String wrapped = ours == null ? null : "Invalid path string \"" + path + "\" caused by " + ours;
        assertTrue(theirs.equals(ours) || theirs.equals(wrapped),
                () -> "ZooKeeper refuses " + escape(path) + " with \"" + theirs + "\", we say " + ours);
    }

    private static String zooKeeperProblem(String path) {
        try {
            PathUtils.validatePath(path);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String join(List<Character> chars) {
        StringBuilder out = new StringBuilder(chars.size());
        chars.forEach(out::append);
        return out.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
