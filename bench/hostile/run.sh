#!/usr/bin/env bash
# The long hostile-input run (issue 9): the same tests as the bounded ones in the test command (API write routes, every
# server-rendered form, every importer and the instrument scoring), with more variants, another seed and a longer time
# budget, on SQLite and PostgreSQL.
#   bench/hostile/run.sh [VARIANTS_PER_ROUTE=400] [SEED=20260909] [SECONDS_PER_ENGINE=900] [VARIANTS_PER_FORM=200] [MUTATIONS_PER_FILE=300]
# VARIANTS_PER_FORM: bad posts per form (default in the test command 16; every whole-post variant is always sent);
# MUTATIONS_PER_FILE: mutated copies per sample import file (default 24). The form run gets SECONDS_PER_ENGINE too.
# Needs ORTHOREGEN_TEST_POSTGRES for the PostgreSQL half (./test.sh starts a server; see README).
set -euo pipefail
cd "$(dirname "$0")/../.."
export ORTHOREGEN_HOSTILE_COUNT="${1:-400}" ORTHOREGEN_HOSTILE_SEED="${2:-20260909}" ORTHOREGEN_HOSTILE_SECONDS="${3:-900}"
export ORTHOREGEN_HOSTILE_FORM_COUNT="${4:-200}" ORTHOREGEN_HOSTILE_FORM_SECONDS="${3:-900}" ORTHOREGEN_HOSTILE_FILE_COUNT="${5:-300}"
echo "hostile input: seed ${ORTHOREGEN_HOSTILE_SEED}; ${ORTHOREGEN_HOSTILE_COUNT} variants per route, ${ORTHOREGEN_HOSTILE_FORM_COUNT} per form," \
     "${ORTHOREGEN_HOSTILE_FILE_COUNT} mutations per import file; ${ORTHOREGEN_HOSTILE_SECONDS} s per engine"
dotnet build tests/OrthoRegen.IntegrationTests -v quiet -nologo
dotnet test tests/OrthoRegen.IntegrationTests --no-build --filter "FullyQualifiedName~OrthoRegen.IntegrationTests.Hostile" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "seed |routes; sent|forms; sent|mutated files|answer maps|Passed |Failed |^ *(POST|PUT|DELETE) |\[.* @ " || true
