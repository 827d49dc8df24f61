#!/usr/bin/env bash
# Runs every OrthoRegen test: installs what the tests need when it is missing (Debian packages), starts a throwaway
# PostgreSQL cluster on a free loopback port, runs `dotnet test` on the whole solution against SQLite and PostgreSQL,
# and stops the cluster. Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Candidacy").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packages=(postgresql chromium fonts-noto-cjk r-base-core r-cran-metafor r-cran-survival zbar-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages. Run as root:"
    echo "  apt-get update && apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# --- throwaway PostgreSQL ---------------------------------------------------------------------------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "test.sh: PostgreSQL server binaries not found under /usr/lib/postgresql"; exit 1; }
port=""
for candidate in $(seq 55432 55532); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "test.sh: no free loopback port in 55432-55532"; exit 1; }
pgdir=$(mktemp -d /tmp/orthoregen-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w start \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
export ORTHOREGEN_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "test.sh: PostgreSQL $(basename "$(dirname "$pgbin")") on 127.0.0.1:$port"

# --- tests -----------------------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build OrthoRegen.slnx -v quiet -nologo
log=$(mktemp)
# Every test server logs here and the patient-seeding helpers list what they seeded; the scan below fails the run when a
# seeded identifier shows up in a log (no patient data in logs).
export ORTHOREGEN_TEST_LOG_DIR=$(mktemp -d /tmp/orthoregen-test-logs.XXXXXX)
set +e
dotnet test OrthoRegen.slnx --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
python3 tools/scan-logs.py "$ORTHOREGEN_TEST_LOG_DIR"
scan=$?
set -e
rm -rf "$ORTHOREGEN_TEST_LOG_DIR"
if [ "$scan" -ne 0 ] && [ "$status" -eq 0 ]; then echo "test.sh: patient identifiers found in test logs (see above)"; status=1; fi
passed=0; failed=0; skipped=0
while read -r f p s; do passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); done < <(
  sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\).*/\1 \2 \3/p' "$log")
rm -f "$log"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then echo "test.sh: tests were skipped, which CI does not allow"; exit 1; fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "test.sh: no test ran"; exit 1; fi
exit "$status"
