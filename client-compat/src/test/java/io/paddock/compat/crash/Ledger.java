package io.paddock.compat.crash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.zookeeper.KeeperException.Code;

/**
 * What a writer asked the server to do and what it answered: the expectations a check holds the server to.
 *
 * <ul>
 *   <li>A create the server acknowledged (rc OK) must be there with its value, forever (until the test deletes
 *       its generation). A create whose answer was lost (connection loss) may or may not be there; once seen, it
 *       counts as acknowledged.</li>
 *   <li>A multi creates two nodes: both are there or neither, and both when acknowledged.</li>
 *   <li>A register (a node the writer keeps overwriting with setData) holds its last acknowledged value or one
 *       written after it whose answer was lost; never an older one. Requests of one session apply in order, so
 *       an acknowledged setData supersedes every earlier one.</li>
 *   <li>A deleted generation (deleted while nothing was failing, all acknowledged) stays deleted.</li>
 * </ul>
 *
 * <p>Callbacks of the ZooKeeper client's event thread and the test thread both use it: every method is
 * synchronized.
 */
final class Ledger {

    enum State { IN_FLIGHT, ACKED, UNKNOWN }

    /** A node a create or a multi asked for; {@code group} is the multi's id, 0 for a plain create. */
    private static final class Created {
        final String path;
        final byte[] value;
        final long group;
        State state = State.IN_FLIGHT;

        Created(String path, byte[] value, long group) {
            this.path = path;
            this.value = value;
            this.group = group;
        }
    }

    private static final class Write {
        final long seq;
        final byte[] value;
        State state = State.IN_FLIGHT;

        Write(long seq, byte[] value) {
            this.seq = seq;
            this.value = value;
        }
    }

    /** A node overwritten again and again: its known value and the writes after it still in doubt. */
    private static final class Register {
        byte[] known;
        final ArrayDeque<Write> after = new ArrayDeque<>();

        Register(byte[] initial) {
            this.known = initial;
        }
    }

    private final Map<String, Created> created = new LinkedHashMap<>();
    private final Map<Long, List<String>> groups = new LinkedHashMap<>();
    private final Map<String, Register> registers = new LinkedHashMap<>();
    private final Set<String> deletedParents = new TreeSet<>();
    private final List<String> anomalies = new ArrayList<>();
    private long acked;
    private long unknown;
    private long systemErrors;

    // ---- what the writer did

    synchronized void register(String path, byte[] initial) {
        registers.put(path, new Register(initial));
    }

    synchronized void issuedCreate(String path, byte[] value) {
        created.put(path, new Created(path, value, 0));
    }

    synchronized void issuedMulti(long group, String pathA, byte[] valueA, String pathB, byte[] valueB) {
        created.put(pathA, new Created(pathA, valueA, group));
        created.put(pathB, new Created(pathB, valueB, group));
        groups.put(group, List.of(pathA, pathB));
    }

    synchronized void issuedSetData(String path, long seq, byte[] value) {
        registers.get(path).after.addLast(new Write(seq, value));
    }

    synchronized void answeredCreate(String path, int rc) {
        settle(List.of(created.get(path)), rc, "create " + path);
    }

    synchronized void answeredMulti(long group, int rc) {
        List<Created> both = new ArrayList<>();
        for (String path : groups.get(group)) {
            both.add(created.get(path));
        }
        settle(both, rc, "multi " + groups.get(group));
    }

    synchronized void answeredSetData(String path, long seq, int rc) {
        Register register = registers.get(path);
        Code code = Code.get(rc);
        if (code == Code.OK) {
            acked++;
            Iterator<Write> it = register.after.iterator();
            while (it.hasNext()) {
                Write w = it.next();
                if (w.seq < seq) {
                    it.remove();
                } else if (w.seq == seq) {
                    register.known = w.value;
                    it.remove();
                    break;
                }
            }
            return;
        }
        for (Write w : register.after) {
            if (w.seq == seq) {
                w.state = classify(code, "setData " + path + " #" + seq);
            }
        }
        register.after.removeIf(w -> w.state == null);
    }

    private void settle(List<Created> nodes, int rc, String what) {
        Code code = Code.get(rc);
        if (code == Code.OK) {
            acked++;
            nodes.forEach(n -> n.state = State.ACKED);
            return;
        }
        State state = classify(code, what);
        for (Created n : nodes) {
            if (state == null) {
                created.remove(n.path);
            } else {
                n.state = state;
            }
        }
    }

    /** UNKNOWN for answers that leave the outcome open; null (and an anomaly) for answers a writer never expects. */
    private State classify(Code code, String what) {
        switch (code) {
            case CONNECTIONLOSS, OPERATIONTIMEOUT, SESSIONMOVED, SESSIONEXPIRED:
                // The request may have been applied before the answer was lost (or the session ended).
                unknown++;
                return State.UNKNOWN;
            case SYSTEMERROR:
                // Paddock's answer while storage cannot write: the write was not applied, but the ledger only
                // claims what clients may rely on, so it stays in doubt.
                systemErrors++;
                unknown++;
                return State.UNKNOWN;
            default:
                anomalies.add(what + " answered " + code);
                return null;
        }
    }

    // ---- what the test did while the server was healthy

    /** The test deleted {@code parent} and everything under it, all acknowledged. */
    synchronized void deletedGeneration(String parent) {
        created.keySet().removeIf(p -> p.startsWith(parent + "/"));
        groups.values().removeIf(paths -> paths.get(0).startsWith(parent + "/"));
        deletedParents.add(parent);
    }

    // ---- what a check needs and finds

    synchronized Set<String> createdPaths() {
        return new TreeSet<>(created.keySet());
    }

    synchronized Set<String> registerPaths() {
        return new TreeSet<>(registers.keySet());
    }

    synchronized Set<String> deletedParents() {
        return new TreeSet<>(deletedParents);
    }

    /**
     * Holds what the server shows against the expectations; returns the violations, empty when all is well.
     * Writes whose outcome was in doubt and that the server now shows count as done from here on: they are
     * durable, and later checks hold the server to them.
     *
     * @param values     the value of every node read (created paths, registers, children seen), absent = no node
     * @param children   every node seen under the generations checked
     * @param resurrected deleted generations that exist again
     */
    synchronized List<String> verify(Map<String, byte[]> values, Collection<String> children,
                                     Collection<String> resurrected) {
        List<String> violations = new ArrayList<>(anomalies);
        anomalies.clear();
        for (String child : children) {
            if (!created.containsKey(child)) {
                violations.add("unexpected node " + child + ": nobody created it");
            }
        }
        for (Created c : created.values()) {
            byte[] seen = values.get(c.path);
            if (seen == null) {
                if (c.state == State.ACKED) {
                    violations.add("acknowledged create lost: " + c.path);
                }
            } else if (!Arrays.equals(seen, c.value)) {
                violations.add(c.path + " holds " + text(seen) + ", created with " + text(c.value));
            } else {
                c.state = State.ACKED;
            }
        }
        for (List<String> pair : groups.values()) {
            boolean a = values.containsKey(pair.get(0));
            boolean b = values.containsKey(pair.get(1));
            if (a != b) {
                violations.add("half-applied multi: " + pair.get(0) + (a ? " present" : " absent") + ", "
                        + pair.get(1) + (b ? " present" : " absent"));
            }
        }
        registers.forEach((path, register) -> verifyRegister(path, register, values.get(path), violations));
        for (String parent : resurrected) {
            violations.add("deleted generation is back: " + parent);
        }
        return violations;
    }

    private static void verifyRegister(String path, Register register, byte[] seen, List<String> violations) {
        if (seen == null) {
            violations.add("register lost: " + path);
            return;
        }
        if (Arrays.equals(seen, register.known)) {
            return;
        }
        Iterator<Write> it = register.after.iterator();
        while (it.hasNext()) {
            Write w = it.next();
            it.remove();
            if (Arrays.equals(seen, w.value)) {
                register.known = w.value;
                return;
            }
        }
        violations.add(path + " holds " + text(seen) + ": neither the last acknowledged value " + text(register.known)
                + " nor one written after it");
    }

    synchronized String summary() {
        return "acked " + acked + ", in doubt " + unknown + " (SystemError " + systemErrors + "), nodes tracked "
                + created.size() + ", generations deleted " + deletedParents.size();
    }

    synchronized long ackedCount() {
        return acked;
    }

    synchronized long systemErrorCount() {
        return systemErrors;
    }

    private static String text(byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8);
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
