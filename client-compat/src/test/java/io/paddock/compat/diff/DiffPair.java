package io.paddock.compat.diff;

import io.paddock.compat.fixture.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference (Apache ZooKeeper) and the candidate (Paddock, or a second ZooKeeper), each sequence run on both
 * at once on two threads. After a mismatch, or when a reset cannot restore the starting tree, both servers are
 * restarted before the next sequence so that no divergence leaks into it.
 */
final class DiffPair implements AutoCloseable {

    private static final long SIDE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(3);
    private static DiffPair shared;

    private final DiffServer reference;
    private final DiffServer candidate;
    private final boolean fresh;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "diff-side");
        t.setDaemon(true);
        return t;
    });
    private boolean started;
    private boolean dirty;

    DiffPair(DiffServer reference, DiffServer candidate, boolean fresh) {
        this.reference = reference;
        this.candidate = candidate;
        this.fresh = fresh;
    }

    /** A pair as the system properties ask for, never reaping containers; not started. */
    static DiffPair fromConfig(boolean fresh) {
        return fromConfig(fresh, DiffServer.NO_REAPING);
    }

    static DiffPair fromConfig(boolean fresh, ServerOptions options) {
        DiffServer candidate = DiffConfig.against().equals("zookeeper")
                ? DiffServer.zookeeper("zookeeper-B", options) : DiffServer.paddock(options);
        return new DiffPair(DiffServer.zookeeper("zookeeper", options), candidate, fresh);
    }

    /** The pair the tests of this JVM share (servers reused across sequences). */
    static synchronized DiffPair shared() {
        if (shared == null) {
            shared = fromConfig(DiffConfig.freshServers());
        }
        return shared;
    }

    static synchronized void closeShared() {
        if (shared != null) {
            DiffPair closing = shared;
            shared = null;
            closing.close();
        }
    }

    Comparison run(List<Step> steps) throws IOException, InterruptedException {
        prepare();
        Future<Transcript> ref = pool.submit(() -> runSide(reference, steps));
        Future<Transcript> cand = pool.submit(() -> runSide(candidate, steps));
        Transcript r = await(ref, reference);
        Transcript c = await(cand, candidate);
        Comparison comparison = new Comparison(steps, reference.name(), r.normalise(), candidate.name(),
                c.normalise());
        long resetStart = System.nanoTime();
        boolean clean = resetQuietly(reference) & resetQuietly(candidate);
        if (DiffConfig.verbose()) {
            System.out.printf("reset %d ms%n", (System.nanoTime() - resetStart) / 1_000_000);
        }
        dirty = fresh || !clean || !comparison.agrees();
        return comparison;
    }

    private void prepare() throws IOException, InterruptedException {
        if (!started) {
            reference.start();
            try {
                candidate.start();
            } catch (RuntimeException | IOException e) {
                reference.close();
                throw e;
            }
            started = true;
            dirty = false;
        } else if (dirty) {
            reference.restart();
            candidate.restart();
            dirty = false;
        }
    }

    private static Transcript runSide(DiffServer server, List<Step> steps) {
        SideRun run = new SideRun(server);
        try {
            long t0 = System.nanoTime();
            run.open();
            long t1 = System.nanoTime();
            for (Step step : steps) {
                run.step(step);
            }
            long t2 = System.nanoTime();
            run.finish();
            long t3 = System.nanoTime();
            if (DiffConfig.verbose()) {
                System.out.printf("%s: open %d ms, steps %d ms, finish %d ms%n", server.name(),
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            }
        } catch (Exception | AssertionError e) {
            run.transcript().add("harness error", List.of(stackTrace(e)));
        } finally {
            run.abandon();
        }
        return run.transcript();
    }

    private static Transcript await(Future<Transcript> future, DiffServer server) throws InterruptedException {
        try {
            return future.get(SIDE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Transcript t = new Transcript();
            t.add("harness error", List.of(stackTrace(e.getCause())));
            return t;
        } catch (TimeoutException e) {
            future.cancel(true);
            Transcript t = new Transcript();
            t.add("harness error", List.of(server.name() + " did not finish within " + SIDE_TIMEOUT_MS + " ms"));
            return t;
        }
    }

    private static boolean resetQuietly(DiffServer server) {
        try {
            return server.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        reference.close();
        candidate.close();
        started = false;
    }
}
