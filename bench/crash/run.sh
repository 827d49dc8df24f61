#!/usr/bin/env bash
# Crash and durability trials at a larger size than the test command runs: SIGKILL at random points during migrate,
# demo, import csv, import fhir and QA lot release over HTTP, then restart checks (whole records only, integrity_check,
# audit chain, re-run completes), plus backup/restore round trips, on SQLite and PostgreSQL.
#   bench/crash/run.sh [TRIALS] [SCALE] [SEED]      defaults: 100 trials, inputs 5x the test size, seed 20260615
# Needs ORTHOREGEN_TEST_POSTGRES (a server where the user may CREATE DATABASE); ./test.sh shows how one is started.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${ORTHOREGEN_TEST_POSTGRES:?set ORTHOREGEN_TEST_POSTGRES to a PostgreSQL connection string}"
export ORTHOREGEN_CRASH_TRIALS="${1:-100}" ORTHOREGEN_CRASH_SCALE="${2:-5}" ORTHOREGEN_CRASH_SEED="${3:-20260615}"
dotnet build tests/OrthoRegen.IntegrationTests -v quiet -nologo
start=$(date +%s)
dotnet test tests/OrthoRegen.IntegrationTests --no-build --filter "FullyQualifiedName~Durability" --logger "console;verbosity=normal" \
  | grep -E "trials,|Passed |Failed |Error Message|Total tests|Passed:|Failed:" || true
echo "crash trials: ${ORTHOREGEN_CRASH_TRIALS} per scenario and engine, scale ${ORTHOREGEN_CRASH_SCALE}, seed ${ORTHOREGEN_CRASH_SEED}: $(( $(date +%s) - start )) s"
