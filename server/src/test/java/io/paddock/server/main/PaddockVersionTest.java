package io.paddock.server.main;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version constants are written by hand; this keeps them equal to the root pom. */
class PaddockVersionTest {

    /** Surefire runs in the module directory, server/; the root pom is one up. */
    private static final Path ROOT_POM = Path.of("..", "pom.xml");

    @Test
    void paddockVersionIsThePomVersion() throws IOException {
        String pom = Files.readString(ROOT_POM);
        assertEquals(first(pom, "<artifactId>paddock-parent</artifactId>\\s*<version>([^<]+)</version>"),
                PaddockVersion.PADDOCK);
    }

    @Test
    void zooKeeperVersionIsTheOneWeBuildAgainst() throws IOException {
        String pom = Files.readString(ROOT_POM);
        assertEquals(first(pom, "<zookeeper.version>([^<]+)</zookeeper.version>"), PaddockVersion.ZOOKEEPER);
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no match for " + regex + " in " + ROOT_POM.toAbsolutePath());
        }
        return matcher.group(1);
    }
}
