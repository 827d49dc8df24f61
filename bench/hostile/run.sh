#!/usr/bin/env bash
# The long hostile-input run (issue 9): the same test as the bounded one in the test command, with more variants per
# write route, another seed and a longer time budget, on SQLite and PostgreSQL.
#   bench/hostile/run.sh [VARIANTS_PER_ROUTE=400] [SEED=20260909] [SECONDS_PER_ENGINE=900]
# Needs ORTHOREGEN_TEST_POSTGRES for the PostgreSQL half (./test.sh starts a server; see README).
set -euo pipefail
cd "$(dirname "$0")/../.."
export ORTHOREGEN_HOSTILE_COUNT="${1:-400}" ORTHOREGEN_HOSTILE_SEED="${2:-20260909}" ORTHOREGEN_HOSTILE_SECONDS="${3:-900}"
echo "hostile input: ${ORTHOREGEN_HOSTILE_COUNT} variants per route, seed ${ORTHOREGEN_HOSTILE_SEED}, ${ORTHOREGEN_HOSTILE_SECONDS} s per engine"
dotnet build tests/OrthoRegen.IntegrationTests -v quiet -nologo
dotnet test tests/OrthoRegen.IntegrationTests --no-build --filter "FullyQualifiedName~OrthoRegen.IntegrationTests.Hostile" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "seed |routes; sent|Passed |Failed |^ *(POST|PUT|DELETE) " || true
