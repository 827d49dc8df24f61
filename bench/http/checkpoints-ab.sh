#!/usr/bin/env bash
# SQLite checkpoints beside the writers (Database:SqliteBackgroundCheckpoints=true, the default) against SQLite's own
# (false), at fixed rates, in alternating runs on one copy of the 100,000-patient demo database (bench/README.md, round 18):
#
#   bench/http/checkpoints-ab.sh [--rounds 7] [--submit-rate 2400] [--page-rate 350] [--no-build]
#
# Each round starts the host once per setting, warms it up (5 s of each kind), then sends submissions and chart pages
# at the given rates (bench/http/openloop.c, 32 connections, 5 s warm-up + 20 s measured) and prints p50/p90/p99 of each.
# The last lines give each setting's median p99 over the rounds. The rates should be about 80 % of the maxima that
# bench/http/run.sh measures on the machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
provider=sqlite patients=100000 seed=1 rounds=7 submit_rate=2400 page_rate=350 no_build=
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --submit-rate) submit_rate=$2; shift 2 ;;
    --page-rate) page_rate=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    *) echo "checkpoints-ab.sh: unknown option $1 (--rounds, --submit-rate, --page-rate, --no-build)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "checkpoints-ab.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
. "$root/bench/http/lib.sh"
[ -n "$no_build" ] || build
build_openloop
prepare_database
start_server
prepare_lists
port=${base##*:}

restart() { # true|false
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  launch_host Database__SqliteBackgroundCheckpoints="$1"
  for s in healthz page submit; do wrk -t2 -c8 -d5s -s "$here/$s.lua" "$base" >/dev/null 2>&1; done
}

measure() { # setting round
  "$openloop" --port "$port" --kind submit --dir "$work" --token "$token" --rate "$submit_rate" --duration 20 --warmup 5 \
    --connections 32 --label submit --json "$work/submit-$1-$2.json" >/dev/null
  "$openloop" --port "$port" --kind page --dir "$work" --token "$token" --rate "$page_rate" --duration 20 --warmup 5 \
    --connections 32 --label page --json "$work/page-$1-$2.json" >/dev/null
  python3 - "$1" "$work/submit-$1-$2.json" "$work/page-$1-$2.json" <<'PY'
import json, os, sys
s, p = (json.load(open(f))["kinds"][0] for f in sys.argv[2:4])
print(f"background={sys.argv[1]:<5} load {os.getloadavg()[0]:4.1f}  submission {s['achievedRate']:,.0f}/s p50 {s['p50Ms']:.1f} "
      f"p90 {s['p90Ms']:.1f} p99 {s['p99Ms']:.1f} ms | chart page {p['achievedRate']:,.0f}/s p50 {p['p50Ms']:.1f} p90 {p['p90Ms']:.1f} p99 {p['p99Ms']:.1f} ms", flush=True)
PY
}

log "$rounds rounds at $submit_rate submissions/s and $page_rate pages/s"
for round in $(seq 1 "$rounds"); do
  for setting in true false; do restart "$setting"; measure "$setting" "$round"; done
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
for setting in ("true", "false"):
    p99 = lambda kind: statistics.median(json.load(open(f"{work}/{kind}-{setting}-{r}.json"))["kinds"][0]["p99Ms"] for r in range(1, rounds + 1))
    print(f"background={setting:<5} median p99 over {rounds} rounds: submission {p99('submit'):.1f} ms, chart page {p99('page'):.1f} ms")
PY
