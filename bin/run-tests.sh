#!/usr/bin/env bash
#
# The whole test suite, on a fresh Debian or Ubuntu machine with JDK 17 and Maven:
#   1. python3-kazoo for the Kazoo compatibility tests, installed with apt-get when
#      /usr/bin/python3 cannot import kazoo (with sudo unless already root);
#   2. `mvn -B verify` from the repo root, with any arguments given here appended.
# The exit status is Maven's.

set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if ! /usr/bin/python3 -c 'import kazoo' >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "run-tests: /usr/bin/python3 cannot import kazoo and there is no apt-get to install it;" >&2
    echo "run-tests: install Kazoo for /usr/bin/python3, or the Kazoo tests will fail." >&2
  else
    sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
      sudo=(sudo)
    fi
    echo "run-tests: installing python3-kazoo with apt-get" >&2
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-kazoo
  fi
fi

exec mvn -B verify "$@"
