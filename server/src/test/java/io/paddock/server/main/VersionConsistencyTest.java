package io.paddock.server.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paddock.server.admin.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The versions `zkServer.sh version` and srvr report are constants (the launcher runs from target/classes,
 * where there is no manifest); this keeps them in step with the root pom.
 */
class VersionConsistencyTest {

    /** Surefire runs in the module directory, server/; the root pom is one up. */
    private static final Path ROOT_POM = Path.of("..", "pom.xml");

    @Test
    void paddockVersionIsThePomVersion() throws IOException {
        String pomVersion = first(Files.readString(ROOT_POM),
                "<artifactId>paddock-parent</artifactId>\\s*<version>([^<]+)</version>");
        assertTrue(pomVersion.equals(Version.PADDOCK) || pomVersion.equals(Version.PADDOCK + "-SNAPSHOT"),
                "pom " + pomVersion + " vs Version.PADDOCK " + Version.PADDOCK);
    }

    @Test
    void zooKeeperVersionIsTheOneWeBuildAgainst() throws IOException {
        assertEquals(first(Files.readString(ROOT_POM), "<zookeeper.version>([^<]+)</zookeeper.version>"),
                Version.ZOOKEEPER_PROTOCOL);
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no match for " + regex + " in " + ROOT_POM.toAbsolutePath());
        }
        return matcher.group(1);
    }
}
