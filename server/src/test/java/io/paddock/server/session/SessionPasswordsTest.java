package io.paddock.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class SessionPasswordsTest {

    /** The derivation must equal ZooKeeper's, which uses java.util.Random: imported sessions keep working. */
    @Property(tries = 500)
    void equalsZooKeepersGeneratePasswd(@ForAll long sessionId) {
        byte[] expected = new byte[16];
        new Random(sessionId ^ 0XB3415C00L).nextBytes(expected);
        assertArrayEquals(expected, SessionPasswords.derive(sessionId));
    }
}
