#!/usr/bin/env bash
#
# Prints a transaction log, one line per txn, as Apache ZooKeeper's zkTxnLogToolkit.sh does:
#
#   bin/zkTxnLogToolkit.sh [--from <zxid>] <Paddock dataDir or dataLogDir>
#   bin/zkTxnLogToolkit.sh [--from <zxid>] <ZooKeeper log.<zxid> file>
#
# The Paddock storage is opened read-only: this works while a server runs on it.
# Environment: JAVA_HOME, JVMFLAGS. Requires a build: mvn -B -DskipTests package.

set -euo pipefail
readonly MAIN_CLASS=io.paddock.server.tools.PrintLog

script="${BASH_SOURCE[0]}"
if command -v readlink >/dev/null 2>&1 && readlink -f "$script" >/dev/null 2>&1; then
  script="$(readlink -f "$script")"
fi
repo="$(cd "$(dirname "$script")/.." && pwd)"
# shellcheck source=bin/tool-env.sh
. "$repo/bin/tool-env.sh"
run_tool "$MAIN_CLASS" "$@"
