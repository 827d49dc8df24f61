#!/usr/bin/env bash
# Cohort analytics on a large demo database: time to first result of survival (KM by route + log-rank), KOOS pain
# trajectory and KOOS pain MCID responders for the whole knee-OA cohort, through the Core code the outcomes pages use
# (the analytics snapshot: refresh, then aggregated reads: survival counts per group/day/outcome, per-visit histograms).
# Build the snapshot once first: `orthoregen analytics rebuild`; the database must be migrated (0025's index).
# FULL=1 also times what follows the first result (survival subjects + Cox as SurvivalRuns.RunAsync, the trajectory
# with every member's series, the page's whole responder set). ROWS=1 times the previous round's path instead
# (snapshot members -> row statistics).
# Each analysis runs in a fresh process (first run = cold, then warm runs), with a wall-clock limit per process
# (LIMIT seconds, default 600) and a managed-heap limit (HEAP_GB, default 8).
# LIVE=1 times the old path instead (live selector and observations, database opened read-only).
# REFRESH=N (e.g. 1000) then submits N KOOS responses (audited, as the portal does) and times the refresh. This writes
# N responses into the database.
# Usage: bench/analytics/run.sh [DB=/work/data1m/orthoregen.db] [RUNS=2]
set -uo pipefail
cd "$(dirname "$0")/../.."
DB="${1:-/work/data1m/orthoregen.db}"
RUNS="${2:-2}"
LIMIT="${LIMIT:-600}"
HEAP_GB="${HEAP_GB:-8}"
MODE=""; [ -n "${LIVE:-}" ] && MODE="live"; [ -n "${ROWS:-}" ] && MODE="rows"; [ -n "${FULL:-}" ] && MODE="full"
# NO_BUILD=1 skips the build (e.g. when it was built under a shared build lock).
[ -n "${NO_BUILD:-}" ] || dotnet build bench/OrthoRegen.Bench -c Release -v quiet -nologo >/dev/null || exit 1
BENCH=bench/OrthoRegen.Bench/bin/Release/net10.0/OrthoRegen.Bench.dll
printf 'analysis\trun\tseconds\tphases...\n'
for a in survival trajectory responders; do
  DOTNET_GCHeapHardLimit=$(printf '0x%x' $((HEAP_GB * 1024 * 1024 * 1024))) \
    timeout "$LIMIT" dotnet "$BENCH" cohort-analytics "$DB" "$a" "$RUNS" 2026-11-01 $MODE
  rc=$?
  if [ $rc -eq 124 ]; then printf '%s\tcold\t> %s (time limit)\n' "$a" "$LIMIT"
  elif [ $rc -ne 0 ]; then printf '%s\tcold\tfailed (exit %s; heap limit %s GB)\n' "$a" "$rc" "$HEAP_GB"; fi
done
if [ -n "${REFRESH:-}" ] && [ "$MODE" != "live" ]; then
  DOTNET_GCHeapHardLimit=$(printf '0x%x' $((HEAP_GB * 1024 * 1024 * 1024))) \
    timeout "$LIMIT" dotnet "$BENCH" cohort-analytics "$DB" refresh "$REFRESH" || printf 'refresh\tfailed\n'
fi
