package io.paddock.compat.diff;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The differential test: generated sequences of ZooKeeper operations, issued by three sessions through the stock
 * Java client, run against Apache ZooKeeper 3.9.5 and against Paddock ({@code -Ddiff.against=zookeeper} runs two
 * ZooKeepers instead), and everything the clients observe must be the same: results, error codes, stats (zxids
 * as ranks, sessions as their order of creation, times as zero or not), children, ACLs, watch events per watcher
 * in order, and the final trees. See {@link DiffConfig} for the knobs; a failure shows the shrunk sequence and
 * both sides' observations, re-run on fresh servers.
 */
class DifferentialTest {

    @Property(shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(DiffPropertyHook.class)
    void bothServersObserveTheSame(@ForAll("sequences") List<Step> steps) throws Exception {
        Comparison comparison = DiffPair.shared().run(steps);
        if (DiffConfig.verbose()) {
            System.out.println(comparison.report());
        }
        if (!comparison.agrees()) {
            throw new AssertionError(comparison.report());
        }
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Generators.sequences(DiffConfig.maxSteps(), DiffConfig.slowOps());
    }

    @AfterContainer
    static void stopServers() {
        DiffPair.closeShared();
    }
}
