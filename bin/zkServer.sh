#!/usr/bin/env bash
#
# Starts, stops and inspects a Paddock server with the verbs and the output of Apache ZooKeeper's
# zkServer.sh, so that scripts and habits written for ZooKeeper keep working.
#
#   bin/zkServer.sh [--config <conf-dir>] {start|start-foreground|stop|restart|status|version|print-cmd} [cfg]
#
# The config is <conf-dir>/zoo.cfg unless [cfg] names another: a bare file name is looked up in the conf
# dir first, a path is taken relative to the current directory. The server itself runs with the repo root
# as its working directory, so relative paths inside the config (dataDir=data) are relative to the repo root.
#
# Environment, as in ZooKeeper:
#   ZOOCFGDIR          the conf dir (default <repo>/conf); --config <dir> sets it too
#   ZOOCFG             the config file name inside it (default zoo.cfg)
#   ZOO_LOG_DIR        where `start` writes the server's output (default <repo>/logs)
#   ZOOPIDFILE         the pid file (default <dataDir>/zookeeper_server.pid)
#   JAVA_HOME, JVMFLAGS, SERVER_JVMFLAGS, ZK_SERVER_HEAP (MB, default 1000)
#   ZOO_START_TIMEOUT, ZOO_STOP_TIMEOUT   seconds to wait for the server to serve / to exit (default 30)
#
# Requires a build: mvn -B -DskipTests package (it fills server/target/classes and server/target/lib).

set -euo pipefail

readonly MAIN_CLASS=io.paddock.server.main.ServerMain
readonly SERVING_MARK="Paddock serving clients on"

script="${BASH_SOURCE[0]}"
if command -v readlink >/dev/null 2>&1 && readlink -f "$script" >/dev/null 2>&1; then
  script="$(readlink -f "$script")"
fi
repo="$(cd "$(dirname "$script")/.." && pwd)"
# shellcheck source=bin/tool-env.sh
. "$repo/bin/tool-env.sh"

usage() {
  echo "Usage: $0 [--config <conf-dir>] {start|start-foreground|stop|restart|status|version|print-cmd} [zoo.cfg]" >&2
  exit 1
}

if [[ "${1:-}" == "--config" ]]; then
  [[ $# -ge 2 ]] || usage
  ZOOCFGDIR="$2"
  shift 2
fi
[[ $# -ge 1 && $# -le 2 ]] || usage
verb="$1"
conf_dir="${ZOOCFGDIR:-$repo/conf}"

# ZooKeeper's rule: a bare name is a file in the conf dir, anything with a slash is a path.
if [[ $# -eq 2 ]]; then
  if [[ "$2" != */* && -f "$conf_dir/$2" ]]; then
    cfg="$conf_dir/$2"
  else
    cfg="$2"
  fi
else
  cfg="$conf_dir/${ZOOCFG:-zoo.cfg}"
fi
[[ "$cfg" == /* ]] || cfg="$PWD/$cfg"

echo "Using config: $cfg" >&2
cd "$repo"

# The last value of a simple `key=value`, `key: value` or `key value` line, as the server will read it;
# continuation lines and escapes are not interpreted here.
cfg_value() {
  [[ -f "$cfg" ]] || return 0
  local key="${1//./\\.}"
  sed -n -E "s/^[[:space:]]*${key}([[:space:]]*[=:]|[[:space:]])[[:space:]]*//p" "$cfg" \
    | tail -n 1 | sed -E 's/[[:space:]]+$//'
}

data_dir="$(cfg_value dataDir)"
log_dir="${ZOO_LOG_DIR:-$repo/logs}"
if [[ -n "${ZOOPIDFILE:-}" ]]; then
  pid_file="$ZOOPIDFILE"
elif [[ -n "$data_dir" ]]; then
  pid_file="$data_dir/zookeeper_server.pid"
else
  pid_file="$log_dir/zookeeper_server.pid"  # the server will refuse this config: dataDir is not set
fi
[[ "$pid_file" == /* ]] || pid_file="$repo/$pid_file"
out_file="$log_dir/paddock-${USER:-$(id -un)}-server-${HOSTNAME:-localhost}.log"


require_build() {
  local classes="$repo/server/target/classes" lib="$repo/server/target/lib"
  if [[ ! -f "$classes/${MAIN_CLASS//.//}.class" || ! -d "$lib" ]]; then
    echo "Paddock is not built: $classes or $lib is missing." >&2
    echo "Build it first, from $repo:  mvn -B -DskipTests package" >&2
    exit 1
  fi
  classpath="$classes:$lib/*"
}

server_command() {
  find_java
  require_build
  local flags=() logging=""
  read -r -a flags <<<"${SERVER_JVMFLAGS:-} ${JVMFLAGS:-}"
  for candidate in "$conf_dir/logging.properties" "$repo/conf/logging.properties"; do
    if [[ -f "$candidate" ]]; then
      logging="-Djava.util.logging.config.file=$candidate"
      break
    fi
  done
  server_cmd=("$java" "-Xmx${ZK_SERVER_HEAP:-1000}m" -XX:+HeapDumpOnOutOfMemoryError -XX:+ExitOnOutOfMemoryError)
  [[ -z "$logging" ]] || server_cmd+=("$logging")
  server_cmd+=(${flags[@]+"${flags[@]}"} -cp "$classpath" "$MAIN_CLASS" "$cfg")
}

# True when the pid file names a live Paddock server (not some other process that reused the pid).
running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(tr -d '[:space:]' <"$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$MAIN_CLASS"; then
    return 1
  fi
  echo "$pid"
}

start() {
  server_command
  echo -n "Starting zookeeper ... "
  local pid
  if pid="$(running_pid)"; then
    echo "already running as process $pid."
    exit 1
  fi
  mkdir -p "$log_dir" "$(dirname "$pid_file")"
  : >"$out_file"
  nohup "${server_cmd[@]}" >"$out_file" 2>&1 </dev/null &
  pid=$!
  if ! echo -n "$pid" >"$pid_file"; then
    echo "FAILED TO WRITE PID"
    exit 1
  fi
  local waited=0 limit=$((${ZOO_START_TIMEOUT:-30} * 5))
  while ((waited < limit)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "FAILED TO START"
      echo "--- last lines of $out_file:" >&2
      tail -n 20 "$out_file" >&2
      exit 1
    fi
    if grep -qF "$SERVING_MARK" "$out_file"; then
      echo "STARTED"
      return 0
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  echo "STARTED (process $pid, not serving yet after ${ZOO_START_TIMEOUT:-30}s; see $out_file)"
}

stop() {
  echo -n "Stopping zookeeper ... "
  if [[ ! -f "$pid_file" ]]; then
    echo "no zookeeper to stop (could not find file $pid_file)"
    return 0
  fi
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    echo "no zookeeper to stop (the process in $pid_file is not running)"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  local waited=0 limit=$((${ZOO_STOP_TIMEOUT:-30} * 5))
  while kill -0 "$pid" 2>/dev/null && ((waited < limit)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo -n "(still running after ${ZOO_STOP_TIMEOUT:-30}s, sending SIGKILL) "
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  echo "STOPPED"
}

# Sends a four-letter word and prints the reply, using bash's /dev/tcp (nc may be absent).
four_letter_word() {
  local host="$1" port="$2" word="$3" limit=()
  if command -v timeout >/dev/null 2>&1; then
    limit=(timeout 5)
  fi
  # shellcheck disable=SC2016 # $1..$3 are expanded by the inner bash, from the arguments after the script
  ${limit[@]+"${limit[@]}"} bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "%s" "$3" >&3 && cat <&3' \
    four_letter_word "$host" "$port" "$word" 2>/dev/null || true
}

# The client port the way ZooKeeper's script finds it: clientPort, else this server's server.N line.
status() {
  local address port myid from_line
  address="$(cfg_value clientPortAddress)"
  address="${address:-localhost}"
  port="$(cfg_value clientPort)"
  if [[ ! "$port" =~ ^[0-9]+$ ]]; then
    port=""
    myid="$(head -n 1 "$data_dir/myid" 2>/dev/null | tr -d '[:space:]' || true)"
    if [[ ! "$myid" =~ ^[0-9]+$ ]]; then
      echo "myid could not be determined, will not able to locate clientPort in the server configs."
    else
      from_line="$(cfg_value "server.$myid")"
      if [[ "$from_line" == *";"* ]]; then
        from_line="${from_line##*;}"
        port="${from_line##*:}"
        if [[ "$from_line" == *:* ]]; then
          address="${from_line%:*}"
          address="${address#[}"
          address="${address%]}"
        fi
      else
        echo "Client port not found in the server configs"
      fi
    fi
  fi
  if [[ -z "$port" ]]; then
    echo "Unable to find either secure or unsecure client port in any configs. Terminating."
    exit 1
  fi
  echo "Client port found: $port. Client address: $address. Client SSL: false."
  local mode
  mode="$(four_letter_word "$address" "$port" srvr | grep Mode || true)"
  if [[ -z "$mode" ]]; then
    echo "Error contacting service. It is probably not running."
    exit 1
  fi
  echo "$mode"
}

case "$verb" in
  start)
    start
    ;;
  start-foreground)
    server_command
    if [[ -n "${ZOO_NOEXEC:-}" ]]; then
      "${server_cmd[@]}"
    else
      exec "${server_cmd[@]}"
    fi
    ;;
  print-cmd)
    server_command
    printf 'cd %q && ' "$repo"
    printf '%q ' "${server_cmd[@]}"
    printf '> %q 2>&1 < /dev/null\n' "$out_file"
    ;;
  stop)
    stop
    ;;
  restart)
    stop
    start
    ;;
  status)
    status
    ;;
  version)
    find_java
    require_build
    "$java" -cp "$classpath" "$MAIN_CLASS" --version
    ;;
  *)
    usage
    ;;
esac
