package io.paddock.server.replica;

import java.util.Optional;

/**
 * The settings the core obeys, taken from the server config by the shell.
 *
 * @param seed seeds session ids and passwords; random in production, fixed in simulations
 */
public record ReplicaConfig(long serverId, int tickMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                            boolean extendedTypesEnabled, Optional<String> superDigest,
                            long containerCheckIntervalMs, long seed) {
}
