package io.paddock.compat.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Applies {@code diff.tries} and {@code diff.seed} to the property, and, when it fails, runs the shrunk sequence
 * once more on freshly started servers. That run's report is the one shown and written to
 * {@code target/diff-reports/}: it does not depend on what earlier sequences left in reused servers.
 */
public final class DiffPropertyHook implements AroundPropertyHook {

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
            throws Throwable {
        context.attributes().setTries(DiffConfig.tries());
        DiffConfig.seed().ifPresent(seed -> context.attributes().setSeed(seed));
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED
                || result.falsifiedParameters().isEmpty()) {
            return result;
        }
        @SuppressWarnings("unchecked")
        List<Step> steps = (List<Step>) result.falsifiedParameters().get().get(0);
        String report;
        try {
            report = confirmOnFreshServers(steps);
        } catch (RuntimeException | AssertionError e) {
            report = "could not re-run on fresh servers: " + e + "\nThe property's own report follows.\n"
                    + result.throwable().map(Throwable::getMessage).orElse("");
        }
        String header = "Differential mismatch (seed " + result.seed().orElse("?") + ", shrunk to "
                + steps.size() + " steps), re-run on fresh servers:\n\n";
        Path file = write(context.extendedLabel(), header + report);
        System.out.println(header + report);
        AssertionError error = new AssertionError(header + report + "\n(report written to " + file + ")");
        result.throwable().ifPresent(error::addSuppressed);
        return result.mapToFailed(error);
    }

    /** Runs the sequence on a new pair of servers; says so when the mismatch does not reproduce there. */
    static String confirmOnFreshServers(List<Step> steps) {
        DiffPair.closeShared();
        try (DiffPair pair = DiffPair.fromConfig(true)) {
            Comparison c = pair.run(steps);
            if (c.agrees()) {
                return "THE MISMATCH DID NOT REPRODUCE on fresh servers: it depends on what earlier sequences left "
                        + "behind. Report of the fresh run:\n" + c.report();
            }
            return c.report();
        } catch (IOException | RuntimeException e) {
            return "could not re-run on fresh servers: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static Path write(String label, String text) {
        try {
            Path dir = DiffConfig.reportDir();
            Files.createDirectories(dir);
            Path file = dir.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + ".txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            return Path.of("(not written: " + e.getMessage() + ")");
        }
    }
}
