# Shared by bench/http/run.sh and soak.sh (sourced, bash): the demo database (cached per provider, patients and seed;
# every run works on a fresh copy), the Release web host on a free loopback port, and a bench user's API token.
# Expects: root (the repository), provider, patients, seed; sets work, db_connection, base, token, server_pid.

cache=${ORTHOREGEN_BENCH_CACHE:-/tmp/orthoregen-bench}
here="$root/bench/http"
cli_dll="$root/src/OrthoRegen.Cli/bin/Release/net10.0/OrthoRegen.Cli.dll"
bench_dll="$root/bench/OrthoRegen.Bench/bin/Release/net10.0/OrthoRegen.Bench.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 BENCH_HTTP="$here"
mkdir -p "$cache"
work=$(mktemp -d /tmp/orthoregen-http.XXXXXX)
server_pid=""
pg_data=""
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_data" ]; then as_pg "$pgbin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true; fi
  if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$work"; else log "work folder kept: $work"; fi
}
trap cleanup EXIT

free_port() {
  local p
  for p in $(seq "$1" "$2"); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free loopback port in $1-$2" >&2; return 1
}

openloop="$work/openloop"
build_openloop() { cc -O2 -o "$openloop" "$here/openloop.c"; }

build() {
  local lock=""; [ -x /tmp/locked ] && lock=/tmp/locked
  log "building the CLI (with the web host) and the bench project in Release"
  $lock dotnet build "$root/src/OrthoRegen.Cli" -c Release -v quiet -nologo >/dev/null
  $lock dotnet build "$root/bench/OrthoRegen.Bench" -c Release -v quiet -nologo >/dev/null
}

pg_start() { # data dir, port
  as_pg "$pgbin/pg_ctl" -D "$1" -l "$1/../server.log" -w start \
    -o "-p $2 -k $(dirname "$1") -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" >/dev/null
}

# The demo database, generated once per (provider, patients, seed) into the cache, copied for this run.
prepare_database() {
  local key="$provider-$patients-s$seed"
  if [ "$provider" = sqlite ]; then
    if [ ! -f "$cache/$key.db" ]; then
      log "generating the $patients-patient demo database (SQLite, seed $seed); reused next time from $cache/$key.db"
      rm -f "$cache/$key.tmp.db"*
      dotnet "$cli_dll" demo --patients "$patients" --seed "$seed" --connection "Data Source=$cache/$key.tmp.db" >"$cache/$key.log" 2>&1
      sqlite3 "$cache/$key.tmp.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
      mv "$cache/$key.tmp.db" "$cache/$key.db"
      rm -f "$cache/$key.tmp.db"*
    fi
    cp "$cache/$key.db" "$work/orthoregen.db"
    # The copy is gigabytes of dirty page cache: written back now, not during the measurements (on ext4 the first
    # fsync of a checkpoint would otherwise wait for the journal to flush the copy, stalling every writer behind it).
    sync "$work/orthoregen.db"
    db_connection="Data Source=$work/orthoregen.db"
  else
    [ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
    local port; port=$(free_port 55700 55799)
    if [ ! -d "$cache/$key" ]; then
      log "generating the $patients-patient demo database (PostgreSQL, seed $seed); reused next time from $cache/$key"
      rm -rf "$cache/$key.tmp"; mkdir -p "$cache/$key.tmp"
      [ "$(id -u)" = 0 ] && chown postgres "$cache/$key.tmp"
      as_pg "$pgbin/initdb" -D "$cache/$key.tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      pg_data="$cache/$key.tmp/data"; pg_start "$pg_data" "$port"
      dotnet "$cli_dll" demo --patients "$patients" --seed "$seed" --provider postgres \
        --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" >"$cache/$key.log" 2>&1
      as_pg "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "VACUUM ANALYZE" postgres
      as_pg "$pgbin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null; pg_data=""
      mv "$cache/$key.tmp" "$cache/$key"
    fi
    mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres "$work/pg" && chmod 755 "$work"
    cp -a "$cache/$key/data" "$work/pg/data"
    sync -f "$work/pg/data"   # the copy written back before the measurements (see the SQLite branch)
    pg_data="$work/pg/data"; pg_start "$pg_data" "$port"
    db_connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=100"
  fi
}

# The web host (Release, Production environment) on a free port; a Physician with every site signs in, changes the
# one-time password and creates the API token the load uses.
start_server() {
  local port; port=$(free_port 5700 5799)
  base="http://127.0.0.1:$port"
  dotnet "$cli_dll" users create --username bench.load --roles Physician --all-sites --password "Bench-once-$RANDOM$RANDOM" \
    --provider "$provider" --connection "$db_connection" >"$work/user.txt"
  local once; once=$(sed -n 's/.*one-time password: //p' "$work/user.txt")
  launch_host
  local jar="$work/cookies" final="Bench-final-$RANDOM$RANDOM-x"
  curl -fs -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench.load\",\"password\":\"$once\"}" "$base/api/session" >/dev/null
  curl -fs -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"currentPassword\":\"$once\",\"newPassword\":\"$final\"}" "$base/api/me/password" >/dev/null
  token=$(curl -fs -c "$jar" -b "$jar" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/me/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  export BENCH_TOKEN="$token" BENCH_DIR="$work"
  log "web host pid $server_pid on $base ($provider)"
}

# `orthoregen serve` on $base (Release, Production environment; the arguments are extra environment assignments such as
# Database__GroupCommit=false), appending to $work/server.log; returns when /healthz answers. Sets server_pid.
launch_host() {
  env "$@" ORTHOREGEN_ADMIN_PASSWORD="Bench-admin-$RANDOM$RANDOM" ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$cli_dll" serve --urls "$base" --provider "$provider" --connection "$db_connection" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "the web host did not start" >&2; exit 1; }
    sleep 0.5
  done
  echo "the web host did not answer /healthz within 120 s" >&2; exit 1
}

# The lists of requests (due knee visits with KOOS bodies, patients for the chart page).
prepare_lists() {
  dotnet "$bench_dll" http-prepare --provider "$provider" --connection "$db_connection" --out "$work" --count 50000 >&2
  local p; p=$(head -n 1 "$work/patients.txt")
  local page; page=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/patients/$p")
  [ "$page" = 200 ] || { echo "GET /patients/$p answered $page, not 200" >&2; exit 1; }
}

# wrk closed-loop maximum: prints requests/s; the whole wrk output goes to $work/wrk-<name>.txt.
wrk_max() { # name script seconds connections
  local cpu0; cpu0=$(server_cpu_ticks)
  wrk -t2 -c"$4" -d"$3s" --latency -s "$here/$2" "$base" >"$work/wrk-$1.txt" 2>&1
  # Server CPU (user + system) per request over the run, in µs: independent of how the cores were shared.
  local cpu1 requests; cpu1=$(server_cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' "$work/wrk-$1.txt")
  python3 -c "print(round(($cpu1 - $cpu0) * 1e6 / $(getconf CLK_TCK) / max(1, $requests), 1))" >"$work/cpu-$1.txt"
  local unexpected; unexpected=$(sed -n 's/^unexpected: //p' "$work/wrk-$1.txt")
  [ "${unexpected:-0}" = 0 ] || log "$1: $unexpected unexpected answers (see $work/wrk-$1.txt)"
  sed -n 's/^Requests\/sec: *//p' "$work/wrk-$1.txt"
}

# utime + stime of the server process, in clock ticks.
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

vmrss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# The Kestrel process: `dotnet OrthoRegen.Cli.dll serve` runs the host in-process, so it is $server_pid itself.
server_process() { echo "$server_pid"; }
