# Shared helpers for the scripts that start and stop the demo and test processes.
# Sourced, not executed. Every process is started in its own session (setsid) so that
# stopping it stops all of its children too, and is tracked by a pid file.

# Prints a JDK home of version 21 or newer: $JAVA_HOME if it qualifies, else Temurin 25, else
# the first that qualifies under /usr/lib/jvm (where the build's toolchain discovery looks too).
find_java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    local major
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    if [ "${major:-0}" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "error: need a JDK 21 or newer; set JAVA_HOME (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)" >&2
  return 1
}

# port_free PORT: succeeds when nothing listens on 127.0.0.1:PORT.
port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_detached NAME PIDFILE LOGFILE COMMAND...: starts COMMAND in a new session.
start_detached() {
  local name=$1 pidfile=$2 logfile=$3
  shift 3
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "started $name (pid $!, log $logfile)"
}

# wait_for_http NAME URL PIDFILE LOGFILE TIMEOUT_SECONDS: polls URL until it answers 200.
# Fails early, showing the log's tail, when the process dies first.
wait_for_http() {
  local name=$1 url=$2 pidfile=$3 logfile=$4 timeout=$5
  local pid deadline=$((SECONDS + timeout))
  pid=$(cat "$pidfile")
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      echo "$name is ready: $url"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $name exited before it was ready; last lines of $logfile:" >&2
      tail -n 30 "$logfile" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "error: $name was not ready within ${timeout}s ($url); last lines of $logfile:" >&2
  tail -n 30 "$logfile" >&2
  return 1
}

# stop_detached NAME PIDFILE: TERM to the process's session, KILL after 30 s; removes the pid file.
# Acts first and reports last, tolerating a closed stdout, so a cleanup always completes.
stop_detached() {
  local name=$1 pidfile=$2 pid outcome=stopped
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      outcome="killed (it ignored TERM for 30 s)"
    fi
  else
    outcome="found already gone"
  fi
  rm -f "$pidfile"
  echo "$outcome $name (pid $pid)" 2>/dev/null || true
}
