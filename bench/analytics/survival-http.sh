#!/usr/bin/env bash
# Time to first result of the survival view over HTTP (issue 9, "Cohort analytics"): the page a researcher opens
# (/outcomes/survival: curves, number at risk, log-rank, competing risks, counted on the analytics snapshot) against the
# adjusted Cox model's page (/outcomes/survival/cox: the whole run, every member's row), and the two JSON answers
# (/api/outcomes/survival/curves and /api/outcomes/survival), for the whole knee-OA cohort grouped by route.
#
#   bench/analytics/survival-http.sh [--provider sqlite|postgres] [--patients 100000] [--seed 1] [--runs 5] [--no-build]
#
# Same set-up as bench/http/run.sh (the cached demo database, a fresh copy, the Release web host, a Physician's API
# token). The first request builds the analytics snapshot (timed on its own); then each URL is fetched --runs times in
# turn and the wall time of each answer (curl's time_total, the whole body received) is reported: median and maximum.
# Writes bench/analytics/survival-http-<provider>.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
provider=sqlite patients=100000 seed=1 runs=5 no_build=
while [ $# -gt 0 ]; do
  case "$1" in
    --provider) provider=$2; shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    *) echo "survival-http.sh: unknown option $1 (--provider, --patients, --seed, --runs, --no-build)" >&2; exit 2 ;;
  esac
done
case "$provider" in sqlite|postgres) ;; *) echo "survival-http.sh: --provider must be sqlite or postgres" >&2; exit 2 ;; esac
. "$root/bench/http/lib.sh"

[ -n "$no_build" ] || build
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
prepare_database
start_server

query="indications=KNEE_OA&groupBy=ROUTE"
fetch() { # path -> "seconds status bytes"
  curl -s -o "$work/body" -w '%{time_total} %{http_code} %{size_download}\n' -H "Authorization: Bearer $token" "$base/$1?$query"
}
log "first request (builds the analytics snapshot of $patients patients)"
read -r first status _ < <(fetch "api/outcomes/survival/curves")
[ "$status" = 200 ] || { cat "$work/body" >&2; echo "survival-http.sh: /api/outcomes/survival/curves answered $status" >&2; exit 1; }
members=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["n"])' "$work/body")
log "snapshot build and first answer: ${first} s; $members cohort members"

paths=(outcomes/survival outcomes/survival/cox api/outcomes/survival/curves api/outcomes/survival)
for path in "${paths[@]}"; do : >"$work/times-${path//\//_}"; done
for run in $(seq 1 "$runs"); do
  for path in "${paths[@]}"; do
    read -r t status bytes < <(fetch "$path")
    [ "$status" = 200 ] || { echo "survival-http.sh: /$path answered $status" >&2; exit 1; }
    case "$path" in
      outcomes/survival) grep -q 'id="at-risk"' "$work/body" && ! grep -q 'id="cox"' "$work/body" \
                           || { echo "survival-http.sh: the survival page lacks its at-risk table or shows the Cox model" >&2; exit 1; } ;;
      outcomes/survival/cox) grep -q 'id="cox"' "$work/body" || { echo "survival-http.sh: the Cox page has no model table" >&2; exit 1; } ;;
    esac
    echo "$t $bytes" >>"$work/times-${path//\//_}"
  done
  log "run $run of $runs done"
done

python3 - "$work" "$provider" "$patients" "$first" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" "$root/bench/analytics/survival-http-$provider.json" "$members" "${paths[@]}" <<'PY'
import json, statistics, sys, datetime
work, provider, patients, first, load0, load1, out, members, *paths = sys.argv[1:]
rows = []
for p in paths:
    vals = [tuple(map(float, l.split())) for l in open(f"{work}/times-{p.replace('/', '_')}") if l.strip()]
    t = [v[0] for v in vals]
    rows.append({"path": "/" + p, "medianSeconds": round(statistics.median(t), 3), "maxSeconds": round(max(t), 3),
                 "runs": len(t), "bytes": int(vals[-1][1])})
print(f"{'path':34} {'median s':>9} {'max s':>7} {'bytes':>9}")
for r in rows:
    print(f"{r['path']:34} {r['medianSeconds']:>9.3f} {r['maxSeconds']:>7.3f} {r['bytes']:>9}")
json.dump({"provider": provider, "patients": int(patients), "cohort": "indications=KNEE_OA&groupBy=ROUTE", "members": int(members),
           "firstRequestWithSnapshotBuildSeconds": float(first), "loadAverageStart": load0, "loadAverageEnd": load1,
           "at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "results": rows},
          open(out, "w"), indent=2)
print(f"written {out}")
PY
