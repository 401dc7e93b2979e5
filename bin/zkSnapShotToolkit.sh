#!/usr/bin/env bash
#
# Prints a snapshot as Apache ZooKeeper's zkSnapShotToolkit.sh does: every znode with its stat, data length
# (-d: the data, base64) and ACL, then the sessions, then the zxid it reflects.
#
#   bin/zkSnapShotToolkit.sh [-d] <Paddock dataDir or dataLogDir>
#   bin/zkSnapShotToolkit.sh [-d] <ZooKeeper snapshot.<zxid> file>
#
# The Paddock storage is opened read-only: this works while a server runs on it.
# Environment: JAVA_HOME, JVMFLAGS. Requires a build: mvn -B -DskipTests package.

set -euo pipefail
readonly MAIN_CLASS=io.paddock.server.tools.PrintSnapshot

script="${BASH_SOURCE[0]}"
if command -v readlink >/dev/null 2>&1 && readlink -f "$script" >/dev/null 2>&1; then
  script="$(readlink -f "$script")"
fi
repo="$(cd "$(dirname "$script")/.." && pwd)"
# shellcheck source=bin/tool-env.sh
. "$repo/bin/tool-env.sh"
run_tool "$MAIN_CLASS" "$@"
