#!/usr/bin/env bash
#
# Runs the stock Apache ZooKeeper 3.9.5 command line client (org.apache.zookeeper.ZooKeeperMain) against a
# Paddock server, unchanged: Paddock speaks ZooKeeper's protocol, so the real client is the real test.
#
#   bin/zkCli.sh [-server host:port[,host:port...]] [-timeout ms] [-r] [command args...]
#
# Without -server it connects to 127.0.0.1:2181. The jars come from Maven Central, copied into
# client-compat/target/zkcli-lib by `mvn -B -DskipTests package`.
# Environment, as in ZooKeeper: JAVA_HOME, CLIENT_JVMFLAGS, JVMFLAGS, ZK_CLIENT_HEAP (MB, default 256).

set -euo pipefail

script="${BASH_SOURCE[0]}"
if command -v readlink >/dev/null 2>&1 && readlink -f "$script" >/dev/null 2>&1; then
  script="$(readlink -f "$script")"
fi
repo="$(cd "$(dirname "$script")/.." && pwd)"
lib="$repo/client-compat/target/zkcli-lib"

if ! compgen -G "$lib/zookeeper-[0-9]*.jar" >/dev/null; then
  echo "The ZooKeeper CLI jars are missing from $lib." >&2
  echo "Build them first, from $repo:  mvn -B -DskipTests package" >&2
  exit 1
fi

# shellcheck source=bin/tool-env.sh
. "$repo/bin/tool-env.sh"
find_java

# ZooKeeperMain's own default is localhost:2181, which may resolve to ::1 first; Paddock's sample config
# listens on the IPv4 wildcard, so name the IPv4 loopback.
args=("$@")
if [[ " $* " != *" -server "* ]]; then
  args=(-server 127.0.0.1:2181 ${args[@]+"${args[@]}"})
fi

flags=()
read -r -a flags <<<"${CLIENT_JVMFLAGS:-} ${JVMFLAGS:-}"
exec "$java" "-Xmx${ZK_CLIENT_HEAP:-256}m" ${flags[@]+"${flags[@]}"} -cp "$lib/*" \
  org.apache.zookeeper.ZooKeeperMain "${args[@]}"
