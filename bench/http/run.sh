#!/usr/bin/env bash
# Throughput and latency over HTTP (issue 9, "Soak and speed"): the questionnaire submission and the patient chart page,
# each against the same Kestrel host's trivial endpoint (GET /healthz, no database) measured in the same run.
#
#   bench/http/run.sh [--provider sqlite|postgres] [--patients 100000] [--seed 1] [--seconds 20] [--connections 32] [--no-build]
#
# 1. a demo database of N patients (`orthoregen demo`, cached per provider/patients/seed under $ORTHOREGEN_BENCH_CACHE,
#    default /tmp/orthoregen-bench; every run works on a fresh copy; PostgreSQL runs as a throwaway cluster);
# 2. the web host as a Release build on 127.0.0.1 (`orthoregen serve`), a Physician's API token;
# 3. wrk (closed loop, 2 threads): the maximum rate of /healthz, of POST /api/patients/{id}/responses (a complete KOOS
#    for a due knee visit, cycling through up to 50,000 due visits of the demo) and of GET /patients/{id};
# 4. the open-loop constant-rate generator (bench/http/openloop.c, a few µs of CPU per request) at 80 % of each
#    maximum, on as many connections as wrk had and again on up to 256: p50, p99 from each request's due time.
#    Server CPU per request is read from /proc during each wrk run.
# 5. http-profile: the stages of one submission timed in-process (bench/OrthoRegen.Bench/Http/SubmissionProfile.cs).
# Prints one table and writes bench/http/results-<provider>.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
provider=sqlite patients=100000 seed=1 seconds=20 connections=32 no_build=
while [ $# -gt 0 ]; do
  case "$1" in
    --provider) provider=$2; shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    *) echo "run.sh: unknown option $1 (--provider, --patients, --seed, --seconds, --connections, --no-build)" >&2; exit 2 ;;
  esac
done
case "$provider" in sqlite|postgres) ;; *) echo "run.sh: --provider must be sqlite or postgres" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
. "$root/bench/http/lib.sh"

[ -n "$no_build" ] || build
build_openloop
export LOAD_START; LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
prepare_database
start_server
prepare_lists

log "warm-up (JIT, caches): 5 s of each kind"
for s in healthz page submit; do wrk -t2 -c8 -d5s -s "$here/$s.lua" "$base" >/dev/null 2>&1; done

log "maximum rates (wrk -t2 -c$connections, ${seconds}s each)"
ceiling=$(wrk_max healthz healthz.lua "$seconds" "$connections")
submit_max=$(wrk_max submit submit.lua "$seconds" "$connections")
page_max=$(wrk_max page page.lua "$seconds" "$connections")
log "healthz $ceiling/s, submit $submit_max/s, page $page_max/s"

rate() { python3 -c "print(round($1 * 0.8, 1))"; }
# Latency at 80 % of each maximum with the clients the maximum was measured with ($connections keep-alive connections: a
# request due while all are busy waits in the generator, and its latency still counts from its due time), and again
# with up to 256 connections (more clients than the maximum had: the host then does less per second, see bench/README.md).
log "constant rate at 80 % of each maximum (${seconds}s after a 5 s warm-up; generator: openloop.c; $connections, then 256 connections)"
port=${base##*:}
for conns in "$connections" 256; do
  suffix=$([ "$conns" = "$connections" ] && echo "" || echo "-c$conns")
  "$openloop" --port "$port" --kind submit --dir "$work" --token "$token" --rate "$(rate "$submit_max")" \
    --duration "$seconds" --warmup 5 --connections "$conns" --label submit80 --json "$work/submit80$suffix.json" >/dev/null
  "$openloop" --port "$port" --kind page --dir "$work" --token "$token" --rate "$(rate "$page_max")" \
    --duration "$seconds" --warmup 5 --connections "$conns" --label page80 --json "$work/page80$suffix.json" >/dev/null
done

rss=$(vmrss_kb "$(server_process)")
log "stage profile: http-profile, 1,000 sequential submissions in-process against the same database (server idle)"
dotnet "$bench_dll" http-profile --provider "$provider" --connection "$db_connection" --dir "$work" --count 1000 --json "$work/profile.json" >&2 \
  || { log "http-profile failed (see above); no stage profile in the results"; echo null >"$work/profile.json"; }
RESULTS="$root/bench/http/results-$provider.json" python3 - "$provider" "$patients" "$seed" "$seconds" "$connections" \
  "$ceiling" "$submit_max" "$page_max" "$work/submit80.json" "$work/page80.json" "$rss" "$work" "$work/profile.json" <<'EOF'
import json, os, platform, subprocess, sys, datetime
provider, patients, seed, seconds, connections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ceiling, submit_max, page_max = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
rss_kb = int(sys.argv[11]); work = sys.argv[12]
def at80(path):
    a = json.load(open(path)); k = a["kinds"][0]
    k["generatorCpuUsPerRequest"] = a["generatorCpuUsPerRequest"]; k["maxInFlight"] = a["maxInFlight"]; k["timedOut"] = a["timedOut"]
    return k
submit80, page80 = at80(sys.argv[9]), at80(sys.argv[10])
submit80_256, page80_256 = at80(os.path.join(work, "submit80-c256.json")), at80(os.path.join(work, "page80-c256.json"))
def cpu_us(name):
    return float(open(os.path.join(work, f"cpu-{name}.txt")).read())
def unexpected(name):
    for line in open(os.path.join(work, f"wrk-{name}.txt")):
        if line.startswith("unexpected: "): return int(line.split()[1])
    return None
load = os.getloadavg()
result = {
    "provider": provider, "patients": patients, "seed": seed, "secondsPerMeasurement": seconds, "wrkConnections": connections,
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "machine": f"{os.cpu_count()} CPUs ({platform.machine()}), load average {load[0]:.1f} at the end",
    "loadAverageAtStart": os.environ.get("LOAD_START"),
    "loadAverageAtEnd": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    "ceilingHealthzPerSecond": ceiling,
    "serverCpuUsPerRequest": {"healthz": cpu_us("healthz"), "submission": cpu_us("submit"), "patientPage": cpu_us("page")},
    "submission": {"maxPerSecond": submit_max, "ratio": round(submit_max / ceiling, 3), "unexpectedAtMax": unexpected("submit"), "at80": submit80, "at80With256Connections": submit80_256},
    "patientPage": {"maxPerSecond": page_max, "ratio": round(page_max / ceiling, 3), "unexpectedAtMax": unexpected("page"), "at80": page80, "at80With256Connections": page80_256},
    "serverVmRssMbAtEnd": round(rss_kb / 1024, 1),
    "submissionStages": json.load(open(sys.argv[13])),
    "targets": {"submissionRatio": 0.3, "submissionP99Ms": 50, "pageP99Ms": 100},
}
json.dump(result, open(os.environ["RESULTS"], "w"), indent=2); open(os.environ["RESULTS"], "a").write("\n")
ok = lambda b: "yes" if b else "NO"
print(f"\nOrthoRegen over HTTP: {provider}, {patients:,} demo patients, {result['date']}, {result['machine']}")
print(f"{'endpoint':<34}{'max req/s':>11}{'÷ ceiling':>11}{'rate@80%':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}  target met")
print(f"{'GET /healthz (ceiling)':<34}{ceiling:>11,.0f}{1:>11.3f}")
s, p = submit80, page80
print(f"{'POST /api/patients/{id}/responses':<34}{submit_max:>11,.0f}{submit_max/ceiling:>11.3f}{s['achievedRate']:>10,.0f}{s['p50Ms']:>9.1f}{s['p99Ms']:>9.1f}{s['unexpected']:>8}  "
      f"ratio>=0.3 {ok(submit_max/ceiling >= 0.3)}, p99<50 {ok(s['p99Ms'] < 50)}")
print(f"{'GET /patients/{id}':<34}{page_max:>11,.0f}{page_max/ceiling:>11.3f}{p['achievedRate']:>10,.0f}{p['p50Ms']:>9.1f}{p['p99Ms']:>9.1f}{p['unexpected']:>8}  "
      f"p99<100 {ok(p['p99Ms'] < 100)}")
for name, k in (("submission", submit80_256), ("page", page80_256)):
    print(f"  {name} at 80 % with up to 256 connections: p50 {k['p50Ms']:.1f} ms, p99 {k['p99Ms']:.1f} ms at {k['achievedRate']:,.0f}/s (most in flight {k['maxInFlight']})")
c = result["serverCpuUsPerRequest"]
print(f"server CPU per request at the maximum: healthz {c['healthz']} µs, submission {c['submission']} µs, page {c['patientPage']} µs")
print(f"results: {os.environ['RESULTS']}")
EOF
