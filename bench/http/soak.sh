#!/usr/bin/env bash
# Soak (issue 9, "Soak and speed"): 10 minutes of the mixed load (KOOS submissions for due visits and chart pages, 1:1)
# at 80 % of its maximum rate, against the Release web host on a fresh copy of the 100,000-patient demo database.
#
#   bench/http/soak.sh [--provider sqlite|postgres] [--patients 100000] [--seed 1] [--minutes 10] [--warmup 60] [--no-build]
#
# The maximum is measured first in the same run (wrk -t2 -c32, 20 s, mixed.lua); the soak itself is the open-loop
# constant-rate generator (bench/OrthoRegen.Bench `http-rate`), bounded by its duration and a 30 s timeout per request.
# The server's resident memory (VmRSS) is sampled every 5 s. Pass: zero unexpected answers (anything but 2xx and the
# designed 409) and VmRSS growth under 10 % from the end of the warm-up to the end. Writes bench/http/soak-<provider>.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
provider=sqlite patients=100000 seed=1 minutes=10 warmup=60 no_build=
while [ $# -gt 0 ]; do
  case "$1" in
    --provider) provider=$2; shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    *) echo "soak.sh: unknown option $1 (--provider, --patients, --seed, --minutes, --warmup, --no-build)" >&2; exit 2 ;;
  esac
done
case "$provider" in sqlite|postgres) ;; *) echo "soak.sh: --provider must be sqlite or postgres" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "soak.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
. "$root/bench/http/lib.sh"

[ -n "$no_build" ] || build
prepare_database
start_server
prepare_lists

log "warm-up 10 s, then the maximum mixed rate (wrk -t2 -c32, 20 s)"
wrk -t2 -c8 -d10s -s "$here/mixed.lua" "$base" >/dev/null 2>&1
max=$(wrk_max mixed mixed.lua 20 32)
rate=$(python3 -c "print(round($max * 0.8, 1))")
log "maximum $max/s; soak at $rate/s for $minutes min after a ${warmup}s warm-up"

pid=$(server_process)
( while kill -0 "$pid" 2>/dev/null; do echo "$(date +%s) $(vmrss_kb "$pid")"; sleep 5; done ) >"$work/rss.txt" &
sampler=$!
start=$(date +%s)
timeout $(( minutes * 60 + warmup + 120 )) dotnet "$bench_dll" http-rate --base "$base" --token "$token" --dir "$work" \
  --mix submit=1,page=1 --rate "$rate" --duration $(( minutes * 60 )) --warmup "$warmup" --connections 64 \
  --label soak --json "$work/soak.json" >/dev/null
kill "$sampler" 2>/dev/null || true
server_errors=$(grep -c '^fail:' "$work/server.log" || true)

RESULTS="$root/bench/http/soak-$provider.json" python3 - "$provider" "$patients" "$minutes" "$warmup" "$max" "$rate" \
  "$work/soak.json" "$work/rss.txt" "$start" "$server_errors" <<'PY'
import json, os, sys, datetime
provider, patients, minutes, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
max_rate, rate = float(sys.argv[5]), float(sys.argv[6])
soak = json.load(open(sys.argv[7]))
samples = [(int(t), int(kb)) for t, kb in (l.split() for l in open(sys.argv[8]) if len(l.split()) == 2)]
start, server_errors = int(sys.argv[9]), int(sys.argv[10])
after = [(t - start, kb) for t, kb in samples if t - start >= warmup]
base_kb, end_kb, peak_kb = after[0][1], after[-1][1], max(kb for _, kb in after)
unexpected = sum(k["unexpected"] for k in soak["kinds"])
result = {
    "provider": provider, "patients": patients, "minutes": minutes, "warmupSeconds": warmup,
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "maxMixedPerSecond": max_rate, "soakRate": rate, "generator": soak,
    "unexpected": unexpected, "serverLogFailures": server_errors,
    "vmRssMb": {"afterWarmup": round(base_kb / 1024, 1), "end": round(end_kb / 1024, 1), "peak": round(peak_kb / 1024, 1),
                "growthToEndPct": round((end_kb / base_kb - 1) * 100, 1), "growthToPeakPct": round((peak_kb / base_kb - 1) * 100, 1),
                "samples": [[t, round(kb / 1024, 1)] for t, kb in after]},
}
json.dump(result, open(os.environ["RESULTS"], "w"), indent=1)
print(f"\nSoak: {provider}, {patients:,} demo patients, {minutes} min at {rate:,.0f}/s (80 % of the measured {max_rate:,.0f}/s, 1:1 submissions and chart pages)")
for k in soak["kinds"]:
    print(f"  {k['kind']:<7} {k['requests']:>9,} requests  {k['achievedRate']:>7,.1f}/s  p50 {k['p50Ms']:.1f} ms  p99 {k['p99Ms']:.1f} ms  statuses {k['statuses']}")
rss = result["vmRssMb"]
print(f"  unexpected answers: {unexpected} (target 0); server 'fail:' log lines: {server_errors}")
print(f"  VmRSS after warm-up {rss['afterWarmup']} MB, end {rss['end']} MB ({rss['growthToEndPct']:+.1f} %), peak {rss['peak']} MB ({rss['growthToPeakPct']:+.1f} %); target < 10 %")
print(f"  result: {'PASS' if unexpected == 0 and rss['growthToEndPct'] < 10 else 'FAIL'}; {os.environ['RESULTS']}")
PY
