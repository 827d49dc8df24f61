#!/bin/sh
# FHIR NDJSON import benchmark: QuestionnaireResponse import rows/s divided by the raw prepared-insert rate of the same
# rows into the same tables, measured in the same run on SQLite (Release build). See bench/README.md.
# Usage: bench/fhir/run.sh [PATIENTS ...]   (default: 500 2000)
set -e
cd "$(dirname "$0")/../.."
dotnet build bench/OrthoRegen.Bench -c Release -v quiet -nologo >/dev/null
dir=$(mktemp -d)
for n in ${@:-500 2000}; do
  echo "patients=$n"
  dotnet bench/OrthoRegen.Bench/bin/Release/net10.0/OrthoRegen.Bench.dll fhir-import "$n" "$dir/run"
done
rm -rf "$dir"
