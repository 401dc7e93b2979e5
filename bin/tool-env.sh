# Sourced by the tool launchers (zkTxnLogToolkit.sh, zkSnapShotToolkit.sh, paddock-import-zk), after they set
# $repo: runs a main class of the server module with its classpath, as bin/zkServer.sh runs the server.

run_tool() {
  local main_class="$1" java classes="$repo/server/target/classes" lib="$repo/server/target/lib" flags=()
  shift
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java=java
  else
    echo "Error: JAVA_HOME is not set and java could not be found in PATH." >&2
    exit 1
  fi
  if [[ ! -f "$classes/${main_class//.//}.class" || ! -d "$lib" ]]; then
    echo "Paddock is not built: $classes or $lib is missing." >&2
    echo "Build it first, from $repo:  mvn -B -DskipTests package" >&2
    exit 1
  fi
  read -r -a flags <<<"${JVMFLAGS:-}"
  exec "$java" ${flags[@]+"${flags[@]}"} -cp "$classes:$lib/*" "$main_class" "$@"
}
