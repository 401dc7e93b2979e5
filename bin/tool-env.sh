# Sourced by the launchers (zkServer.sh, zkCli.sh, zkTxnLogToolkit.sh, zkSnapShotToolkit.sh, paddock-import-zk),
# after they set $repo: finds java, and runs a main class of the server module with its classpath.

# Sets $java: $JAVA_HOME/bin/java when JAVA_HOME is set, else java from PATH, as ZooKeeper's zkEnv.sh does.
find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java=java
  else
    echo "Error: JAVA_HOME is not set and java could not be found in PATH." >&2
    exit 1
  fi
}

run_tool() {
  local main_class="$1" java classes="$repo/server/target/classes" lib="$repo/server/target/lib" flags=()
  shift
  find_java
  if [[ ! -f "$classes/${main_class//.//}.class" || ! -d "$lib" ]]; then
    echo "Paddock is not built: $classes or $lib is missing." >&2
    echo "Build it first, from $repo:  mvn -B -DskipTests package" >&2
    exit 1
  fi
  read -r -a flags <<<"${JVMFLAGS:-}"
  exec "$java" ${flags[@]+"${flags[@]}"} -cp "$classes:$lib/*" "$main_class" "$@"
}
